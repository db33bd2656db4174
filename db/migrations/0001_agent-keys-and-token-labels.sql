ALTER TABLE "agents" ADD COLUMN "token_labels" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "enroll_token_id" text;