CREATE TYPE "public"."role" AS ENUM('viewer', 'operator', 'admin');--> statement-breakpoint
CREATE TYPE "public"."aggregation" AS ENUM('count', 'rate', 'sum', 'avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'distinct', 'topk');--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" DEFAULT 'viewer' NOT NULL,
	"time_zone" text,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"name" text PRIMARY KEY NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ingest_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"can_backfill" boolean DEFAULT false NOT NULL,
	"rate_limit" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "ingest_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"ts" timestamp (3) with time zone NOT NULL,
	"received_at" timestamp (3) with time zone NOT NULL,
	"source" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"dedup_key" text,
	"user_id" text,
	"value" double precision,
	"text" text,
	"props" jsonb,
	"late" boolean DEFAULT false NOT NULL,
	"sentiment_score" real,
	"sentiment_label" text
);
--> statement-breakpoint
CREATE TABLE "event_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metrics" (
	"name" text PRIMARY KEY NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"aggregation" "aggregation" DEFAULT 'count' NOT NULL,
	"value_field" text,
	"dimensions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_group_by" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_points" (
	"metric" text NOT NULL,
	"group_key" text NOT NULL,
	"dims" jsonb NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" bigint NOT NULL,
	"sum" double precision DEFAULT 0 NOT NULL,
	"min" double precision,
	"max" double precision
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ingest_keys" ADD CONSTRAINT "ingest_keys_source_sources_name_fk" FOREIGN KEY ("source") REFERENCES "public"."sources"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ingest_keys_source_idx" ON "ingest_keys" USING btree ("source");--> statement-breakpoint
CREATE INDEX "events_ts_idx" ON "events" USING btree ("ts" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_type_ts_idx" ON "events" USING btree ("type","ts" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_source_ts_idx" ON "events" USING btree ("source","ts" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "event_keys_seen_idx" ON "event_keys" USING btree ("seen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_points_key" ON "metric_points" USING btree ("metric","group_key","bucket");--> statement-breakpoint
CREATE INDEX "metric_points_metric_bucket_idx" ON "metric_points" USING btree ("metric","bucket");