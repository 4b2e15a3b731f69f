CREATE TYPE "public"."incident_status" AS ENUM('triggered', 'acknowledged', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."series_state" AS ENUM('ok', 'pending', 'firing', 'flapping');--> statement-breakpoint
CREATE TYPE "public"."severity" AS ENUM('critical', 'error', 'warning', 'info');--> statement-breakpoint
CREATE TABLE "rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"metric" text NOT NULL,
	"group_by" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"eval_window" text DEFAULT '5m' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"pending_seconds" integer DEFAULT 0 NOT NULL,
	"severity" "severity" DEFAULT 'warning' NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"runbook_url" text,
	"channel_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"policy_id" uuid,
	"auto_resolve" boolean DEFAULT true NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_series_state" (
	"rule_id" uuid NOT NULL,
	"series_key" text NOT NULL,
	"labels" jsonb NOT NULL,
	"state" "series_state" DEFAULT 'ok' NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"fire_times" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_value" double precision,
	"last_eval_at" timestamp with time zone NOT NULL,
	"incident_id" uuid,
	"suppressed_by" jsonb,
	CONSTRAINT "rule_series_state_rule_id_series_key_pk" PRIMARY KEY("rule_id","series_key")
);
--> statement-breakpoint
CREATE TABLE "rule_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" uuid NOT NULL,
	"series_key" text NOT NULL,
	"labels" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"from_state" "series_state" NOT NULL,
	"to_state" "series_state" NOT NULL,
	"value" double precision,
	"incident_id" uuid,
	"suppressed_by" jsonb
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid,
	"rule_name" text NOT NULL,
	"series_key" text NOT NULL,
	"series" jsonb NOT NULL,
	"status" "incident_status" DEFAULT 'triggered' NOT NULL,
	"severity" "severity" NOT NULL,
	"title" text NOT NULL,
	"value" double precision,
	"threshold" double precision,
	"flapping" boolean DEFAULT false NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"assignee_id" uuid,
	"dedup_key" text NOT NULL,
	"reopened_count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_dedup_key_unique" UNIQUE("dedup_key")
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_email" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "silences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"matchers" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_by_email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"recurrence" jsonb,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"matchers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_by_email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "maintenance_windows_schedule_check" CHECK (("maintenance_windows"."recurrence" is not null) <> ("maintenance_windows"."starts_at" is not null and "maintenance_windows"."ends_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "rule_series_state" ADD CONSTRAINT "rule_series_state_rule_id_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_series_state" ADD CONSTRAINT "rule_series_state_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_transitions" ADD CONSTRAINT "rule_transitions_rule_id_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_rule_id_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "silences" ADD CONSTRAINT "silences_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rules_enabled_idx" ON "rules" USING btree ("enabled");--> statement-breakpoint
CREATE INDEX "rule_transitions_rule_at_idx" ON "rule_transitions" USING btree ("rule_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "rule_transitions_at_idx" ON "rule_transitions" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_open_series_idx" ON "incidents" USING btree ("rule_id","series_key") WHERE "incidents"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "incidents_opened_at_idx" ON "incidents" USING btree ("opened_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_status_opened_idx" ON "incidents" USING btree ("status","opened_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incidents_rule_series_resolved_idx" ON "incidents" USING btree ("rule_id","series_key","resolved_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "incident_events_incident_idx" ON "incident_events" USING btree ("incident_id","at","id");--> statement-breakpoint
CREATE INDEX "silences_ends_at_idx" ON "silences" USING btree ("ends_at");