-- Each event carries its de-duplication key, the distribution column for Citus or TimescaleDB space
-- partitioning (docs/scaling.md). Added nullable, filled from the columns it is made of (`i:<source>:<id>`,
-- or `k:<dedupKey>`, as workers/ingest/process-batch.ts builds it), then made NOT NULL: this also runs on
-- compressed TimescaleDB chunks, and rewrites every stored event once.
ALTER TABLE "events" ADD COLUMN "key" text COLLATE "C";--> statement-breakpoint
UPDATE "events" SET "key" = CASE WHEN "dedup_key" IS NULL THEN 'i:' || "source" || ':' || "id" ELSE 'k:' || "dedup_key" END WHERE "key" IS NULL;--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "key" SET NOT NULL;
