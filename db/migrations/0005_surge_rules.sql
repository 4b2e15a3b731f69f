CREATE TABLE "surge_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"demand_metric" text NOT NULL,
	"supply_metric" text NOT NULL,
	"group_by" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"eval_window" text DEFAULT '5m' NOT NULL,
	"tiers" jsonb NOT NULL,
	"cap" double precision,
	"hold_seconds" integer DEFAULT 0 NOT NULL,
	"cooldown_seconds" integer DEFAULT 0 NOT NULL,
	"incident_multiplier" double precision,
	"severity" "severity" DEFAULT 'warning' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surge_state" (
	"rule_id" uuid NOT NULL,
	"group_key" text NOT NULL,
	"labels" jsonb NOT NULL,
	"multiplier" double precision NOT NULL,
	"ratio" double precision,
	"since" timestamp with time zone NOT NULL,
	"last_change_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surge_state_rule_id_group_key_pk" PRIMARY KEY("rule_id","group_key")
);
--> statement-breakpoint
CREATE TABLE "surge_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_id" uuid NOT NULL,
	"labels" jsonb NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"ratio" double precision,
	"multiplier" double precision NOT NULL,
	"previous" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "surge_state" ADD CONSTRAINT "surge_state_rule_id_surge_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."surge_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surge_events" ADD CONSTRAINT "surge_events_rule_id_surge_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."surge_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "surge_rules_enabled_idx" ON "surge_rules" USING btree ("enabled");--> statement-breakpoint
CREATE INDEX "surge_events_rule_ts_idx" ON "surge_events" USING btree ("rule_id","ts");--> statement-breakpoint
CREATE INDEX "surge_events_ts_idx" ON "surge_events" USING btree ("ts");