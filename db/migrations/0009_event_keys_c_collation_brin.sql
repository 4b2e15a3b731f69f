DROP INDEX "event_keys_seen_idx";--> statement-breakpoint
ALTER TABLE "event_keys" ALTER COLUMN "seen_at" SET DEFAULT now();--> statement-breakpoint
CREATE INDEX "event_keys_seen_idx" ON "event_keys" USING brin ("seen_at");--> statement-breakpoint
ALTER TABLE "event_keys" ALTER COLUMN "key" SET DATA TYPE text COLLATE "C";
