-- TimescaleDB: hypertables, compression and retention for events and metric_points.
-- Every step is skipped where the extension is not available: plain PostgreSQL keeps plain tables and
-- the workers delete old rows themselves. drizzle applies all pending migrations in one transaction, so
-- nothing here may need a transaction of its own. Statements that only Timescale understands sit in
-- branches that plain PostgreSQL never runs, so they are never planned there.
--
-- Defaults (the settings table later re-applies its own values through pulseboard_apply_timescale_policies):
--   events         1-day chunks, compressed after 7 days, dropped after 30 days
--   metric_points  1-day chunks, compressed after 2 days, dropped after 90 days

-- Returns true when TimescaleDB now enforces the given policies on both hypertables, false when it cannot
-- (extension absent, tables not hypertables, or an Apache-only build): the caller then deletes old rows.
-- A NULL interval removes that policy. Idempotent: a policy already set to the same interval is kept.
CREATE OR REPLACE FUNCTION pulseboard_apply_timescale_policies(
	events_retention interval DEFAULT INTERVAL '30 days',
	points_retention interval DEFAULT INTERVAL '90 days',
	events_compress_after interval DEFAULT INTERVAL '7 days',
	points_compress_after interval DEFAULT INTERVAL '2 days'
) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	policy record;
	job integer;
	current_after text;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
		OR current_setting('timescaledb.license', true) IS DISTINCT FROM 'timescale' THEN
		RETURN false;
	END IF;
	IF (
		SELECT count(*) FROM timescaledb_information.hypertables h
		WHERE format('%I.%I', h.hypertable_schema, h.hypertable_name)::regclass
			IN ('events'::regclass, 'metric_points'::regclass)
	) <> 2 THEN
		RETURN false;
	END IF;

	FOR policy IN
		SELECT p.hypertable::regclass AS hypertable, p.proc, p.setting, p.after
		FROM (VALUES
			('events', 'policy_compression', 'compress_after', events_compress_after),
			('events', 'policy_retention', 'drop_after', events_retention),
			('metric_points', 'policy_compression', 'compress_after', points_compress_after),
			('metric_points', 'policy_retention', 'drop_after', points_retention)
		) AS p(hypertable, proc, setting, after)
	LOOP
		IF policy.after <= INTERVAL '0' THEN
			RAISE EXCEPTION '% of % must be positive, got %', policy.setting, policy.hypertable, policy.after;
		END IF;

		SELECT j.job_id, j.config ->> policy.setting INTO job, current_after
		FROM timescaledb_information.jobs j
		WHERE j.proc_name = policy.proc
			AND format('%I.%I', j.hypertable_schema, j.hypertable_name)::regclass = policy.hypertable;

		CONTINUE WHEN job IS NOT NULL AND current_after::interval::text IS NOT DISTINCT FROM policy.after::text;

		IF policy.proc = 'policy_retention' THEN
			PERFORM remove_retention_policy(policy.hypertable, if_exists => true);
			IF policy.after IS NOT NULL THEN
				PERFORM add_retention_policy(policy.hypertable, drop_after => policy.after);
			END IF;
		ELSE
			PERFORM remove_compression_policy(policy.hypertable, if_exists => true);
			IF policy.after IS NOT NULL THEN
				PERFORM add_compression_policy(policy.hypertable, compress_after => policy.after);
			END IF;
		END IF;
	END LOOP;
	RETURN true;
END
$$;
--> statement-breakpoint
-- Where the extension is available but not preloaded, CREATE EXTENSION fails with Timescale's own hint:
-- that is a misconfigured server, and silently keeping plain tables would stick (this never runs again).
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
		RAISE NOTICE 'timescaledb is not available: events and metric_points stay plain tables';
		RETURN;
	END IF;
	CREATE EXTENSION IF NOT EXISTS timescaledb;

	-- No default time index: events already has events_ts_idx, and every metric_points read names a metric.
	PERFORM create_hypertable('events', by_range('ts', INTERVAL '1 day'),
		create_default_indexes => false, if_not_exists => true, migrate_data => true);
	PERFORM create_hypertable('metric_points', by_range('bucket', INTERVAL '1 day'),
		create_default_indexes => false, if_not_exists => true, migrate_data => true);

	-- Compression and policies are community-licensed: an Apache-only build (Debian's package, some clouds)
	-- keeps the hypertables, and the workers delete old rows as on plain PostgreSQL.
	IF current_setting('timescaledb.license', true) IS DISTINCT FROM 'timescale' THEN
		RAISE NOTICE 'timescaledb license is %: no compression or retention policies',
			current_setting('timescaledb.license', true);
		RETURN;
	END IF;

	-- Reads filter by source or type and a time range; rollup upserts hit (metric, group_key, bucket).
	ALTER TABLE events SET (
		timescaledb.compress,
		timescaledb.compress_segmentby = 'source, type',
		timescaledb.compress_orderby = 'ts DESC'
	);
	ALTER TABLE metric_points SET (
		timescaledb.compress,
		timescaledb.compress_segmentby = 'metric',
		timescaledb.compress_orderby = 'bucket DESC, group_key'
	);

	PERFORM pulseboard_apply_timescale_policies();
END
$$;
