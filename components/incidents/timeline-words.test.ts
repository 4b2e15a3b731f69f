import { describe, expect, it } from 'vitest';
import { describeTimelineEntry, type TimelineWording } from './timeline-words';

const ann = { id: '5b0f7c4e-7a43-4a8e-9c1e-0f3ad1a2b001', email: 'ann@example.com', name: 'Ann Lee' };
const bob = { id: '5b0f7c4e-7a43-4a8e-9c1e-0f3ad1a2b002', email: 'bob@example.com', name: '' };
const w: TimelineWording = { people: [ann, bob], unit: 'ms', op: '>', timeZone: 'UTC' };
const at = '2030-03-01T12:01:20.000Z';
const by = (p: typeof ann) => ({ id: p.id, email: p.email });

describe('timeline in words', () => {
  it('writes the engine figures rounded, with the unit and the side of the threshold', () => {
    const opened = describeTimelineEntry(
      { kind: 'opened', at, actor: null, data: { value: 322.1559115005789, threshold: 300 } },
      w,
    );
    expect(opened).toEqual({ sentence: 'Fired: 322 ms, above the threshold of 300 ms', text: null });
    expect(
      describeTimelineEntry({ kind: 'cleared', at, actor: null, data: { value: 1.23456 } }, w).sentence,
    ).toBe('Cleared at 1.23 ms');
    expect(
      describeTimelineEntry(
        { kind: 'opened', at, actor: null, data: { value: 12.345, threshold: 20 } },
        { ...w, unit: '%', op: '<' },
      ).sentence,
    ).toBe('Fired: 12.3%, below the threshold of 20%');
  });

  it('names people, never their ids, and keeps notes', () => {
    const assigned = describeTimelineEntry(
      { kind: 'assigned', at, actor: by(ann), data: { assigneeId: bob.id, assigneeEmail: bob.email } },
      w,
    );
    expect(assigned.sentence).toBe('Ann Lee assigned it to bob@example.com');
    expect(
      describeTimelineEntry({ kind: 'assigned', at, actor: by(ann), data: { assigneeId: ann.id } }, w)
        .sentence,
    ).toBe('Ann Lee took it');
    expect(
      describeTimelineEntry({ kind: 'assigned', at, actor: by(bob), data: { assigneeId: null } }, w).sentence,
    ).toBe('bob@example.com unassigned');
    expect(
      describeTimelineEntry({ kind: 'resolved', at, actor: by(ann), data: { note: 'Rolled back' } }, w),
    ).toEqual({ sentence: 'Ann Lee resolved', text: 'Rolled back' });
    expect(
      describeTimelineEntry({ kind: 'resolved', at, actor: null, data: { by: 'auto', value: 120.4 } }, w)
        .sentence,
    ).toBe('Resolved automatically: the rule cleared at 120 ms');
    for (const kind of ['assigned', 'acknowledged', 'comment', 'resolved'] as const) {
      const worded = describeTimelineEntry({ kind, at, actor: by(ann), data: { assigneeId: bob.id } }, w);
      expect(JSON.stringify(worded)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    }
  });

  it('writes a notification’s next try in the reader’s zone', () => {
    const entry = {
      kind: 'notification' as const,
      at,
      actor: null,
      data: {
        channelName: 'Ops',
        channelType: 'slack',
        action: 'trigger',
        status: 'retrying',
        nextAttemptAt: at,
      },
    };
    expect(describeTimelineEntry(entry, { ...w, timeZone: 'America/New_York' }).text).toMatch(
      /next try 7:01:20\s?AM EST$/,
    );
    expect(describeTimelineEntry(entry, w).text).toMatch(/next try 12:01:20\s?PM UTC$/);
  });
});
