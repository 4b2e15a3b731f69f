-- The newest negative texts (the sentiment feed and rising terms) from an index of only those events: where
-- negative texts are rare, reading them by time through events_ts_idx or a scan read every event of the window.
CREATE INDEX "events_negative_ts_idx" ON "events" USING btree ("ts" DESC NULLS LAST) WHERE "events"."sentiment_label" = 'negative';
