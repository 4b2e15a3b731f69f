DROP INDEX "events_ts_idx";--> statement-breakpoint
DROP INDEX "events_type_ts_idx";--> statement-breakpoint
DROP INDEX "events_source_ts_idx";--> statement-breakpoint
DROP INDEX "events_negative_ts_idx";--> statement-breakpoint
DROP INDEX "events_negative_topic_ts_idx";--> statement-breakpoint
CREATE INDEX "events_ts_idx" ON "events" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "events_type_ts_idx" ON "events" USING btree ("type","ts");--> statement-breakpoint
CREATE INDEX "events_source_ts_idx" ON "events" USING btree ("source","ts");--> statement-breakpoint
CREATE INDEX "events_negative_ts_idx" ON "events" USING btree ("ts") WHERE "events"."sentiment_label" = 'negative';--> statement-breakpoint
CREATE INDEX "events_negative_topic_ts_idx" ON "events" USING btree (("props"->>'topic'),"ts") WHERE "events"."sentiment_label" = 'negative';