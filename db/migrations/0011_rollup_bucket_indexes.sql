CREATE INDEX "metric_points_bucket_idx" ON "metric_points" USING btree ("bucket");--> statement-breakpoint
CREATE INDEX "metric_rollups_1h_bucket_idx" ON "metric_rollups_1h" USING btree ("bucket");--> statement-breakpoint
CREATE INDEX "metric_rollups_1m_bucket_idx" ON "metric_rollups_1m" USING btree ("bucket");