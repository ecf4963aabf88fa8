CREATE TABLE "agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"webhook_secret" text NOT NULL,
	"balance_micro" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_balance_non_negative" CHECK ("agents"."balance_micro" >= 0)
);
--> statement-breakpoint
CREATE TABLE "batch_enrich_job" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid,
	"upload_token_hash" text,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"paused_reason" text,
	"run" integer DEFAULT 0 NOT NULL,
	"file_name" text,
	"file_row_count" integer NOT NULL,
	"stored_row_count" integer NOT NULL,
	"row_count" integer NOT NULL,
	"process_limit" integer,
	"price_micro" bigint NOT NULL,
	"headers" jsonb NOT NULL,
	"mapping" jsonb NOT NULL,
	"callback_url" text,
	"max_spend_micro" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "batch_enrich_row_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"row_index" integer NOT NULL,
	"type" text NOT NULL,
	"message" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batch_enrich_row" (
	"job_id" uuid NOT NULL,
	"row_index" integer NOT NULL,
	"cells" jsonb NOT NULL,
	"input" jsonb NOT NULL,
	"search_variants" jsonb NOT NULL,
	"chat_title" text,
	"status" text NOT NULL,
	"matched" boolean,
	"spent_micro" bigint DEFAULT 0 NOT NULL,
	"result" jsonb,
	"found_people" integer DEFAULT 0 NOT NULL,
	"found_phones" integer DEFAULT 0 NOT NULL,
	"found_emails" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "batch_enrich_row_job_id_row_index_pk" PRIMARY KEY("job_id","row_index")
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agent_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_micro" bigint NOT NULL,
	"balance_after_micro" bigint NOT NULL,
	"job_id" uuid,
	"row_index" integer,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_balance_after_non_negative" CHECK ("ledger_entries"."balance_after_micro" >= 0)
);
--> statement-breakpoint
ALTER TABLE "batch_enrich_job" ADD CONSTRAINT "batch_enrich_job_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_enrich_row_event" ADD CONSTRAINT "batch_enrich_row_event_job_id_batch_enrich_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."batch_enrich_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_enrich_row" ADD CONSTRAINT "batch_enrich_row_job_id_batch_enrich_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."batch_enrich_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_token_hash_key" ON "agents" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "batch_enrich_job_agent_idx" ON "batch_enrich_job" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "batch_enrich_job_status_idx" ON "batch_enrich_job" USING btree ("status");--> statement-breakpoint
CREATE INDEX "batch_enrich_row_event_row_idx" ON "batch_enrich_row_event" USING btree ("job_id","row_index","id");--> statement-breakpoint
CREATE INDEX "batch_enrich_row_status_idx" ON "batch_enrich_row" USING btree ("job_id","status");--> statement-breakpoint
CREATE INDEX "ledger_entries_agent_idx" ON "ledger_entries" USING btree ("agent_id","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_job_idx" ON "ledger_entries" USING btree ("job_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_row_kind_key" ON "ledger_entries" USING btree ("job_id","row_index","kind") WHERE "ledger_entries"."row_index" is not null;