ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "parent_id" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "lineage" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "api_tokens_lineage_idx" ON "api_tokens" USING gin ("lineage");--> statement-breakpoint
-- Sessions opened before this migration carry their opening time in their name only: give them the expiry they already had (12 hours, SESSION_MAX_AGE_MS).
UPDATE "api_tokens" SET "expires_at" = substring("name" from 9 for 24)::timestamptz + interval '12 hours' WHERE "expires_at" IS NULL AND "name" ~ '^session:[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z';
