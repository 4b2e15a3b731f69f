-- One invalidation for the metric catalogue: every change to `metrics`, whoever makes it (the API, the
-- start-up seed, retention, a hand-written statement), bumps this one-row version in the same transaction.
-- The ingest workers read the version before each flush and re-read the definitions only when it moved, so
-- a metric committed before an event was accepted always counts that event (a NOTIFY arrives
-- asynchronously and could not promise that).
CREATE TABLE "metric_catalogue_version" (
  "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
  "version" bigint NOT NULL DEFAULT 0
);--> statement-breakpoint
INSERT INTO "metric_catalogue_version" ("id", "version") VALUES (true, 0);--> statement-breakpoint
CREATE OR REPLACE FUNCTION "bump_metric_catalogue_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "metric_catalogue_version" SET "version" = "version" + 1;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "metrics_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metrics"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_metric_catalogue_version"();
