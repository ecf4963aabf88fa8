ALTER TABLE "batch_enrich_row" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "batch_enrich_row" ADD COLUMN "lease_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "batch_enrich_row" ADD COLUMN "delivery_id" text;