CREATE TABLE "batch_enrich_callback_attempt" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"callback_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batch_enrich_callback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"type" text NOT NULL,
	"url" text NOT NULL,
	"job_status" text NOT NULL,
	"paused_reason" text,
	"run" integer NOT NULL,
	"body" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"enqueued_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "batch_enrich_job" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "batch_enrich_job" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "batch_enrich_callback_attempt" ADD CONSTRAINT "batch_enrich_callback_attempt_callback_id_batch_enrich_callback_id_fk" FOREIGN KEY ("callback_id") REFERENCES "public"."batch_enrich_callback"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_enrich_callback" ADD CONSTRAINT "batch_enrich_callback_job_id_batch_enrich_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."batch_enrich_job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batch_enrich_callback_attempt_callback_idx" ON "batch_enrich_callback_attempt" USING btree ("callback_id","id");--> statement-breakpoint
CREATE INDEX "batch_enrich_callback_job_idx" ON "batch_enrich_callback" USING btree ("job_id","created_at");--> statement-breakpoint
CREATE INDEX "batch_enrich_callback_unenqueued_idx" ON "batch_enrich_callback" USING btree ("created_at") WHERE "batch_enrich_callback"."enqueued_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "batch_enrich_job_idempotency_key" ON "batch_enrich_job" USING btree ("agent_id","idempotency_key") WHERE "batch_enrich_job"."idempotency_key" is not null;