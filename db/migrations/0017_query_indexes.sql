CREATE INDEX "events_negative_topic_ts_idx" ON "events" USING btree (("props"->>'topic'),"ts" DESC NULLS LAST) WHERE "events"."sentiment_label" = 'negative';--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_email_idx" ON "audit_log" USING btree ("actor_email","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action" text_pattern_ops,"id");--> statement-breakpoint
CREATE INDEX "audit_log_target_id_idx" ON "audit_log" USING btree ("target_id","id");--> statement-breakpoint
CREATE INDEX "incidents_surge_series_resolved_idx" ON "incidents" USING btree ("surge_rule_id","series_key","resolved_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "deliveries_final_idx" ON "deliveries" USING btree ("status","updated_at") WHERE "deliveries"."status" in ('failed', 'dead');--> statement-breakpoint
CREATE INDEX "deliveries_status_created_idx" ON "deliveries" USING btree ("status","created_at" DESC NULLS LAST,"seq" DESC NULLS LAST);