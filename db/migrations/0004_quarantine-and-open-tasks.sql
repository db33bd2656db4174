ALTER TABLE "node_runs" ADD COLUMN "agent_losses" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "recoveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "node_tasks_open_idx" ON "node_tasks" USING btree ("status","started_at") WHERE "node_tasks"."status" in ('queued', 'running');