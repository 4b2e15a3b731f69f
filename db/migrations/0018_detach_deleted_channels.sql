-- Channel ids left in rules and policy steps by channels deleted before deleting one took its id out of
-- them (core/services/notifications/delete-channel.ts): the rule editor sends them back and was refused.
UPDATE "rules" SET "channel_ids" = (
  SELECT coalesce(jsonb_agg(c.id ORDER BY c.n), '[]'::jsonb)
  FROM jsonb_array_elements_text("rules"."channel_ids") WITH ORDINALITY AS c(id, n)
  WHERE EXISTS (SELECT 1 FROM "channels" ch WHERE ch."id"::text = c.id)
)
WHERE EXISTS (
  SELECT 1 FROM jsonb_array_elements_text("rules"."channel_ids") AS c(id)
  WHERE NOT EXISTS (SELECT 1 FROM "channels" ch WHERE ch."id"::text = c.id)
);--> statement-breakpoint
UPDATE "notification_policies" SET "steps" = (
  SELECT jsonb_agg(
    jsonb_set(s.step, '{channelIds}', (
      SELECT coalesce(jsonb_agg(c.id ORDER BY c.n), '[]'::jsonb)
      FROM jsonb_array_elements_text(s.step -> 'channelIds') WITH ORDINALITY AS c(id, n)
      WHERE EXISTS (SELECT 1 FROM "channels" ch WHERE ch."id"::text = c.id)
    )) ORDER BY s.i)
  FROM jsonb_array_elements("notification_policies"."steps") WITH ORDINALITY AS s(step, i)
)
WHERE EXISTS (
  SELECT 1 FROM jsonb_array_elements("notification_policies"."steps") AS s(step),
    jsonb_array_elements_text(s.step -> 'channelIds') AS c(id)
  WHERE NOT EXISTS (SELECT 1 FROM "channels" ch WHERE ch."id"::text = c.id)
);
