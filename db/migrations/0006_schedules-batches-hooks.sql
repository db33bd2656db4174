CREATE TABLE "batch_items" (
	"batch_id" text NOT NULL,
	"seq" integer NOT NULL,
	"item_index" integer NOT NULL,
	"agent_id" text,
	"inputs" jsonb NOT NULL,
	"status" text NOT NULL,
	"run_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" jsonb,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "batch_items_batch_id_seq_pk" PRIMARY KEY("batch_id","seq")
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"workflow_id" text NOT NULL,
	"workflow_version" integer NOT NULL,
	"workflow_name" text NOT NULL,
	"status" text NOT NULL,
	"concurrency" integer NOT NULL,
	"priority" integer DEFAULT 50 NOT NULL,
	"hosts_label" text,
	"total" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hooks" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"workflow_id" text NOT NULL,
	"workflow_version" integer,
	"auth" text NOT NULL,
	"secret" text NOT NULL,
	"input_map" jsonb,
	"rate_limit_per_minute" integer NOT NULL,
	"target_labels" jsonb,
	"priority" integer DEFAULT 50 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_called_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"event" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notification_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"scope_id" text NOT NULL,
	"on_success" boolean DEFAULT false NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_fires" (
	"schedule_id" text NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"handled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"manual" boolean DEFAULT false NOT NULL,
	"outcome" text NOT NULL,
	"run_id" text,
	"missed_fires" integer DEFAULT 0 NOT NULL,
	"detail" text,
	CONSTRAINT "schedule_fires_schedule_id_fire_at_pk" PRIMARY KEY("schedule_id","fire_at")
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"workflow_id" text NOT NULL,
	"workflow_version" integer,
	"cron" text,
	"time_zone" text,
	"every_ms" integer,
	"inputs" jsonb NOT NULL,
	"target_labels" jsonb,
	"misfire" text NOT NULL,
	"overlap" text NOT NULL,
	"priority" integer DEFAULT 50 NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"anchor_at" timestamp with time zone NOT NULL,
	"last_fire_at" timestamp with time zone,
	"last_run_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_run_limits" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"max_concurrent_runs" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "trigger_id" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "priority" integer DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "waiting_reason" text;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "target_override" jsonb;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "concurrency_key" text;--> statement-breakpoint
ALTER TABLE "batch_items" ADD CONSTRAINT "batch_items_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_rule_id_notification_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."notification_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "batch_items_batch_id_status_seq_idx" ON "batch_items" USING btree ("batch_id","status","seq");--> statement-breakpoint
CREATE INDEX "batch_items_run_id_idx" ON "batch_items" USING btree ("run_id") WHERE "batch_items"."run_id" is not null;--> statement-breakpoint
CREATE INDEX "batches_status_idx" ON "batches" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "hooks_name_key" ON "hooks" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_rule_subject_key" ON "notification_deliveries" USING btree ("rule_id","subject_kind","subject_id");--> statement-breakpoint
CREATE INDEX "notification_deliveries_status_created_at_idx" ON "notification_deliveries" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "notification_rules_scope_idx" ON "notification_rules" USING btree ("scope","scope_id");--> statement-breakpoint
CREATE UNIQUE INDEX "schedules_name_key" ON "schedules" USING btree ("name");--> statement-breakpoint
CREATE INDEX "runs_trigger_id_created_at_idx" ON "runs" USING btree ("trigger_id","created_at") WHERE "runs"."trigger_id" is not null;--> statement-breakpoint
CREATE INDEX "runs_workflow_id_status_idx" ON "runs" USING btree ("workflow_id","status") WHERE "runs"."status" in ('queued', 'running');--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_queued_has_reason" CHECK ("runs"."status" <> 'queued' or "runs"."waiting_reason" is not null);