import { describe, expect, it } from 'vitest';
import { CopyText } from './copy-text';

const text = (out: CopyText) => Buffer.concat(out.take()).toString('utf8');

describe('CopyText', () => {
  it('writes fields and rows in COPY text format, escaping what COPY reads specially', () => {
    const out = new CopyText();
    out.text('plain').tab().text('tab\there').tab().text('back\\slash').tab().text(null).row();
    out
      .text('new\nline\r')
      .tab()
      .text(undefined)
      .tab()
      .raw('2026-12-02T15:00:00.000Z')
      .tab()
      .raw('\\N')
      .row();
    expect(text(out)).toBe(
      'plain\ttab\\there\tback\\\\slash\t\\N\n' + 'new\\nline\\r\t\\N\t2026-12-02T15:00:00.000Z\t\\N\n',
    );
  });

  it('encodes UTF-8, surrogate pairs whole, with escapes after a non-ASCII character', () => {
    const out = new CopyText();
    const value = 'café 🚀 \u202eRTL\u200b\tend\\';
    out.text(value).row();
    expect(text(out)).toBe('café 🚀 \u202eRTL\u200b\\tend\\\\\n');
  });

  it('splits into buffers of about 64 KB without losing or reordering a byte, and takes anew', () => {
    const out = new CopyText();
    const expected: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const field = `row-${i}-${'é'.repeat(i % 7)}-${'x'.repeat(i % 50)}`;
      out.text(field).tab().raw(String(i)).row();
      expected.push(`${field}\t${i}\n`);
    }
    const big = 'y'.repeat(200_000); // one field larger than a buffer
    out.text(big).row();
    expected.push(`${big}\n`);
    const chunks = out.take();
    expect(chunks.length).toBeGreaterThan(3);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected.join(''));
    expect(out.take()).toEqual([]);
    out.text('again').row();
    expect(text(out)).toBe('again\n');
  });

  it('moves a field that turns out larger than the room left to a new buffer, whole', () => {
    const out = new CopyText();
    const expected: string[] = [];
    // Long texts whose escapes and non-ASCII characters come late: each field's ASCII head is already
    // written when its size becomes known.
    for (let i = 0; i < 300; i++) {
      const field = `${'a'.repeat(9000 + i)}é\t${'🚀'.repeat(i % 5)}\n`;
      out.text(field).tab().raw(String(i)).row();
      expected.push(`${field.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')}\t${i}\n`);
    }
    const chunks = out.take();
    const bytes = chunks.reduce((a, c) => a + c.length, 0);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected.join(''));
    // About full buffers, not one buffer per long field.
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(bytes / (64 * 1024)) * 2);
  });

  it('writes short and long fields alike, whichever character needs care and wherever it is', () => {
    const reference = (v: string) =>
      v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    const out = new CopyText();
    const expected: string[] = [];
    for (const special of ['\\', '\t', '\n', '\r', 'é', '\u007f', '\u0000', '🚀', '\ud800']) {
      for (let length = 1; length <= 40; length++) {
        for (const at of [0, Math.floor(length / 2), length - 1]) {
          const field = `${'k'.repeat(at)}${special}${'v'.repeat(length - at)}`;
          out.text(field).row();
          expected.push(`${reference(field)}\n`);
        }
      }
    }
    // A lone surrogate comes out as Node's UTF-8 encoder writes it (U+FFFD).
    expect(Buffer.concat(out.take()).toString('utf8')).toBe(
      Buffer.from(expected.join(''), 'utf8').toString('utf8'),
    );
  });
});
