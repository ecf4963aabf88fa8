ALTER TABLE "batch_enrich_job" ADD COLUMN "ledger_spent_micro" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "batch_enrich_job" ADD COLUMN "dedupe" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "batch_enrich_row" ADD COLUMN "reused" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "batch_enrich_row" ADD COLUMN "lead_key" text GENERATED ALWAYS AS (md5(input::text || search_variants::text)) STORED;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "payment_ref" text;--> statement-breakpoint
CREATE INDEX "batch_enrich_row_reuse_idx" ON "batch_enrich_row" USING btree ("lead_key","finished_at") WHERE "batch_enrich_row"."status" = 'done' and "batch_enrich_row"."matched" and not "batch_enrich_row"."reused";--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_payment_ref_key" ON "ledger_entries" USING btree ("payment_ref") WHERE "ledger_entries"."payment_ref" is not null;--> statement-breakpoint
ALTER TABLE "batch_enrich_job" ADD CONSTRAINT "batch_enrich_job_spend_within_cap" CHECK ("batch_enrich_job"."max_spend_micro" is null or "batch_enrich_job"."ledger_spent_micro" <= "batch_enrich_job"."max_spend_micro");