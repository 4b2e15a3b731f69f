import { describe, expect, it } from 'vitest';
import { insertToast } from './toast-order';

const toast = (id: string, openedAt: string) => ({ incident: { id, openedAt } });
const ids = (toasts: { incident: { id: string } }[]) => toasts.map((t) => t.incident.id);

describe('the toast stack', () => {
  it('keeps the newest incident first when older ones arrive after it (a catch-up read after a reconnect)', () => {
    let stack = insertToast([], toast('new', '2030-03-01T12:00:16Z'), 20);
    for (const [id, at] of [
      ['older-1', '2030-03-01T12:00:11Z'],
      ['older-3', '2030-03-01T12:00:11.300Z'],
      ['older-2', '2030-03-01T12:00:11.200Z'],
    ] as const) {
      stack = insertToast(stack, toast(id, at), 20);
    }
    expect(ids(stack)).toEqual(['new', 'older-3', 'older-2', 'older-1']);
    // The three on screen hold the newest.
    expect(ids(stack.slice(0, 3))).toContain('new');
  });

  it('puts a newer incident on top and keeps the newest when the stack is full', () => {
    const full = Array.from({ length: 3 }, (_, i) => toast(`t${i}`, `2030-03-01T12:00:0${5 - i}Z`));
    expect(ids(insertToast(full, toast('newest', '2030-03-01T12:00:09Z'), 3))).toEqual([
      'newest',
      't0',
      't1',
    ]);
    expect(ids(insertToast(full, toast('oldest', '2030-03-01T12:00:01Z'), 3))).toEqual(['t0', 't1', 't2']);
    expect(ids(insertToast(full, toast('middle', '2030-03-01T12:00:04.500Z'), 4))).toEqual([
      't0',
      'middle',
      't1',
      't2',
    ]);
  });
});
