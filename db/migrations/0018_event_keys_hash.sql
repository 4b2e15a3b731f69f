-- De-duplication keys unique through an exclusion constraint on a hash index instead of the primary key's
-- B-tree (db/schema/event-keys.ts): the constraint is built first, so no moment is without one.
ALTER TABLE "event_keys" ADD CONSTRAINT "event_keys_key_excl" EXCLUDE USING hash ("key" WITH =);--> statement-breakpoint
ALTER TABLE "event_keys" DROP CONSTRAINT "event_keys_pkey";
