import {
  formatNumber,
  headline,
  isFiring,
  labelsText,
  plainText,
  truncate,
  type NotifyMessage,
} from './message';

export type EmailContent = { subject: string; text: string; html: string };

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Subject, plain text and an HTML alternative with the same facts and links. */
export function emailContent(m: NotifyMessage): EmailContent {
  const subject = truncate(headline(m).replace(/[\r\n]+/g, ' '), 200);
  const text = plainText(m);
  const i = m.incident;
  const rows = i
    ? [
        ['Rule', i.ruleName],
        ['Value', formatNumber(i.value)],
        ['Threshold', formatNumber(i.threshold)],
        ['Series', labelsText(i.series)],
        ['Opened', i.openedAt],
        ...(m.actor ? [['By', m.actor]] : []),
        ...(m.note ? [['Note', m.note]] : []),
      ]
    : [['Test', 'The channel works.']];
  const link = (href: string | null, label: string) =>
    href ? `<a href="${html(href)}" style="margin-right:12px">${label}</a>` : '';
  const body = [
    `<h2 style="font-family:sans-serif">${html(subject)}</h2>`,
    '<table style="font-family:sans-serif;border-collapse:collapse">',
    ...rows.map(
      ([k, v]) =>
        `<tr><th align="left" style="padding:2px 8px">${html(k ?? '')}</th><td>${html(v ?? '')}</td></tr>`,
    ),
    '</table>',
    `<p style="font-family:sans-serif">${link(m.links.incident, 'Open incident')}${
      isFiring(m.action) ? link(m.links.acknowledge, 'Acknowledge') : ''
    }${link(i?.runbookUrl ?? null, 'Runbook')}</p>`,
  ].join('\n');
  return { subject, text, html: `<!doctype html><html><body>${body}</body></html>` };
}
