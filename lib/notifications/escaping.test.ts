import { describe, expect, it } from 'vitest';
import { emailContent } from './email';
import type { NotifyMessage } from './message';
import { pagerDutyEvent } from './pagerduty';
import { slackPayload } from './slack';
import { teamsCard } from './teams';

/**
 * A rule name, series, actor and note (the comment made with an acknowledgement) written to attack
 * whoever reads the notification: markup, Slack mentions and links, Markdown. Each service's body
 * must show them as text, escaped by that service's own rules.
 */
const hostile =
  '<script>alert(1)</script> <@U123> <!channel> <https://evil.example|click> *bold* & [x](https://evil.example)';

const message = (action: NotifyMessage['action'] = 'acknowledge'): NotifyMessage => ({
  action,
  at: '2026-03-01T12:00:00.000Z',
  incident: {
    id: 'i1',
    title: `${hostile} (zone=<b>north</b>)`,
    severity: 'critical',
    ruleName: hostile,
    ruleId: 'r1',
    series: { zone: '<b>north</b> & <!here>' },
    labels: {},
    value: 12.5,
    threshold: 10,
    dedupKey: 'pulseboard-i1',
    openedAt: '2026-03-01T11:59:00.000Z',
    runbookUrl: 'https://runbooks.example.com/a?b=1&c=2',
  },
  actor: '<@U999> & co',
  note: `looking ${hostile}\n<!channel> second line`,
  links: {
    incident: 'https://pb.example/incidents/i1',
    acknowledge: 'https://pb.example/incidents/i1?ack=1',
  },
});

/** Every string in a payload, with the path that leads to it. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** Slack's control characters left raw: any `<` or `>`, or an `&` that does not start an entity we wrote. */
const rawSlackControl = /[<>]|&(?!(?:amp|lt|gt);)/;

describe('notification bodies show hostile names as text', () => {
  it('Slack: every mrkdwn text and the fallback text escape &, < and > (no mention, no link, no markup)', () => {
    for (const action of ['trigger', 'acknowledge', 'resolve'] as const) {
      const payload = slackPayload(message(action));
      // Which text objects are mrkdwn: Slack parses those (and the top-level text) for control sequences.
      const parsed = [
        ['text', payload.text] as [string, string],
        ...payload.blocks.flatMap((b, i) => {
          const objects = [
            ...('text' in b && b.text ? [b.text] : []),
            ...('fields' in b && b.fields ? b.fields : []),
            ...('elements' in b && b.type === 'context' ? b.elements : []),
          ];
          return objects
            .filter((o) => o.type === 'mrkdwn')
            .map((o) => [`blocks[${i}]`, o.text] as [string, string]);
        }),
      ];
      expect(parsed.length).toBeGreaterThan(5);
      // A `>` that starts a line is the renderer's own quote of the note.
      for (const [where, text] of parsed)
        expect(text.replace(/^>/gm, ''), `${action} ${where}`).not.toMatch(rawSlackControl);
      const all = parsed.map(([, t]) => t).join('\n');
      expect(all).toContain('&lt;!channel&gt;');
      expect(all).toContain('&lt;@U123&gt;');
      expect(all).toContain('&lt;script&gt;');
      expect(all).toContain('&amp; [x]');
      if (action !== 'trigger') expect(all).toContain('\n>&lt;!channel&gt; second line'); // every line quoted
      // The header is plain_text: Slack shows it as typed, so it carries the name unescaped.
      const header = payload.blocks[0] as { text: { type: string; text: string } };
      expect(header.text.type).toBe('plain_text');
      expect(header.text.text).toContain('<!channel>');
    }
  });

  it('Slack: cutting an escaped text to its limit leaves no half entity', () => {
    const m = message('trigger');
    m.incident!.ruleName = '&'.repeat(20_000);
    const payload = slackPayload(m);
    const mrkdwn = strings(payload).filter(([path]) => !path.startsWith('blocks[0]')); // [0]: plain_text header
    for (const [where, text] of mrkdwn) expect(text, where).not.toMatch(/&(?:a|am|amp)?…$/);
  });

  it('Teams: every text block and fact value shows Markdown and markup as typed (backslash-escaped)', () => {
    const card = teamsCard(message()).attachments[0]!.content;
    const texts = card.body.flatMap((e) => (e.type === 'TextBlock' ? [e.text] : e.facts.map((f) => f.value)));
    expect(texts.length).toBe(6); // title, four facts, the note
    for (const text of texts) {
      // Every Markdown or HTML character is preceded by an (unescaped) backslash.
      const bare = text.replace(/\\./g, '');
      expect(bare, text).not.toMatch(/[<>*_[\]()!&|~`#]/);
    }
    const rule = card.body
      .flatMap((e) => (e.type === 'FactSet' ? e.facts : []))
      .find((f) => f.title === 'Rule')!;
    expect(rule.value).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
    expect(rule.value).toContain('\\*bold\\*');
    expect(rule.value).toContain('\\[x\\]\\(https://evil\\.example\\)');
    expect(card.fallbackText).toContain('<script>'); // plain text, not formatted by Teams
  });

  it('e-mail: the HTML body escapes every value; subject and text are plain', () => {
    const mail = emailContent(message('trigger'));
    const body = mail.html;
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<b>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('&lt;!channel&gt;');
    expect(body).toContain('*bold* &amp; [x]');
    expect(body).toContain('href="https://runbooks.example.com/a?b=1&amp;c=2"');
    // The only tags are the template's own.
    const tags = new Set([...body.matchAll(/<\/?([a-z0-9!]+)/gi)].map((t) => t[1]!.toLowerCase()));
    expect([...tags].sort()).toEqual(['!doctype', 'a', 'body', 'h2', 'html', 'p', 'table', 'td', 'th', 'tr']);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain(`Rule: ${hostile}`);
  });

  it('e-mail: a subject cannot add headers', () => {
    const m = message('trigger');
    m.incident!.title = 'x\r\nBcc: victim@example.com\nX: y';
    expect(emailContent(m).subject).not.toMatch(/[\r\n]/);
  });

  it('PagerDuty: JSON carries the name verbatim (PagerDuty escapes it when it shows it)', () => {
    const event = pagerDutyEvent(message('trigger'), 'K'.repeat(32));
    expect(event.payload!.summary).toContain('<script>');
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });
});
