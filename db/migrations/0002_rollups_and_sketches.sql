CREATE TABLE "metric_rollups_1h" (
	"metric" text NOT NULL,
	"group_key" text NOT NULL,
	"dims" jsonb NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" bigint NOT NULL,
	"sum" double precision DEFAULT 0 NOT NULL,
	"min" double precision,
	"max" double precision,
	"sketch" "bytea",
	"hll" "bytea",
	"topk" "bytea"
);
--> statement-breakpoint
CREATE TABLE "metric_rollups_1m" (
	"metric" text NOT NULL,
	"group_key" text NOT NULL,
	"dims" jsonb NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" bigint NOT NULL,
	"sum" double precision DEFAULT 0 NOT NULL,
	"min" double precision,
	"max" double precision,
	"sketch" "bytea",
	"hll" "bytea",
	"topk" "bytea"
);
--> statement-breakpoint
CREATE TABLE "rollup_dirty" (
	"minute" timestamp with time zone PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "metric_points" ADD COLUMN "sketch" "bytea";--> statement-breakpoint
ALTER TABLE "metric_points" ADD COLUMN "hll" "bytea";--> statement-breakpoint
ALTER TABLE "metric_points" ADD COLUMN "topk" "bytea";--> statement-breakpoint
CREATE UNIQUE INDEX "metric_rollups_1h_key" ON "metric_rollups_1h" USING btree ("metric","group_key","bucket");--> statement-breakpoint
CREATE INDEX "metric_rollups_1h_metric_bucket_idx" ON "metric_rollups_1h" USING btree ("metric","bucket");--> statement-breakpoint
CREATE UNIQUE INDEX "metric_rollups_1m_key" ON "metric_rollups_1m" USING btree ("metric","group_key","bucket");--> statement-breakpoint
CREATE INDEX "metric_rollups_1m_metric_bucket_idx" ON "metric_rollups_1m" USING btree ("metric","bucket");