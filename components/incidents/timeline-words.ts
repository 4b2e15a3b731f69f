import { formatMetricValue } from '@/components/metrics/format';
import { describeNotificationEntry } from '@/components/notifications/timeline-entry';
import type { IncidentEventKind } from '@/lib/alerting/types';

/** A timeline entry as the API returns it: structured data, worded here in the reader's language and zone. */
export type TimelineEntryData = {
  kind: IncidentEventKind;
  at: string;
  actor: { id: string | null; email: string } | null;
  data: Record<string, unknown>;
};

export type Person = { id: string; email: string; name: string };

export type TimelineWording = {
  /** Everyone the timeline names, by id. */
  people: readonly Person[];
  /** The unit of the rule's evaluated value (`ms`, `%`…); empty for none. */
  unit: string;
  /** The rule's comparison (`>`, `<`…), for "above"/"below"; null when the kind has none. */
  op: string | null;
  /** The reader's zone (their preference, else their browser's): `useTimeZone()`. */
  timeZone: string;
};

/** One entry in words: a sentence (who did what) and any text that came with it (a note, a comment). */
export type WordedEntry = { sentence: string; text: string | null };

/** A person by name, else by e-mail; never by id. */
export function personName(person: { name?: string; email: string } | null | undefined): string {
  if (!person) return 'someone';
  return person.name?.trim() || person.email;
}

const num = (data: Record<string, unknown>, key: string) =>
  typeof data[key] === 'number' && Number.isFinite(data[key]) ? data[key] : null;
const str = (data: Record<string, unknown>, key: string) =>
  typeof data[key] === 'string' && data[key] !== '' ? data[key] : null;

/** `412 ms, above the threshold of 300 ms` from an engine entry's figures. */
function figures(data: Record<string, unknown>, w: TimelineWording): string | null {
  const value = num(data, 'value');
  if (value === null) return null;
  const shown = formatMetricValue(value, w.unit);
  const threshold = num(data, 'threshold');
  if (threshold === null) return shown;
  const limit = formatMetricValue(threshold, w.unit);
  if (w.op === '>' || w.op === '>=') return `${shown}, above the threshold of ${limit}`;
  if (w.op === '<' || w.op === '<=') return `${shown}, below the threshold of ${limit}`;
  return `${shown} against a threshold of ${limit}`;
}

const engine = (sentence: string, text: string | null = null): WordedEntry => ({ sentence, text });

/** Words for one entry. Ids stay out: people by name, values rounded with their unit. */
export function describeTimelineEntry(entry: TimelineEntryData, w: TimelineWording): WordedEntry {
  const byId = new Map(w.people.map((p) => [p.id, p]));
  const actor = entry.actor
    ? personName(byId.get(entry.actor.id ?? '') ?? { email: entry.actor.email })
    : null;
  const data = entry.data;
  const note = str(data, 'note');
  const person = (verb: string, text: string | null = null): WordedEntry => ({
    sentence: `${actor ?? 'Someone'} ${verb}`,
    text,
  });
  const withFigures = (what: string) => {
    const f = figures(data, w);
    return engine(f ? `${what}: ${f}` : what);
  };
  switch (entry.kind) {
    case 'pending':
      return engine('Breach began; the rule waited out its pending period');
    case 'opened':
      return withFigures('Fired');
    case 'firing':
      return withFigures('Firing again');
    case 'reopened':
      return withFigures('Reopened');
    case 'cleared': {
      const value = num(data, 'value');
      return engine(value === null ? 'Cleared' : `Cleared at ${formatMetricValue(value, w.unit)}`);
    }
    case 'flapping':
      return engine('Flapping: firing and clearing repeatedly');
    case 'acknowledged':
      return person('acknowledged', note);
    case 'resolved': {
      if (data.by === 'auto' || !actor) {
        const value = num(data, 'value');
        return engine(
          value === null
            ? 'Resolved automatically: the rule cleared'
            : `Resolved automatically: the rule cleared at ${formatMetricValue(value, w.unit)}`,
          note,
        );
      }
      return person('resolved', note);
    }
    case 'comment':
      return person('commented', str(data, 'text'));
    case 'assigned': {
      const id = str(data, 'assigneeId');
      if (!id) return person('unassigned');
      const assignee = byId.get(id);
      if (assignee && entry.actor?.id === id) return person('took it');
      const name = assignee ? personName(assignee) : (str(data, 'assigneeEmail') ?? 'a former user');
      return person(`assigned it to ${name}`);
    }
    case 'notification':
      return engine('Notification', describeNotificationEntry(data, w.timeZone));
  }
}
