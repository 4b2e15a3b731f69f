import { formatNumber, headline, isFiring, labelsText, truncate, type NotifyMessage } from './message';

/** Microsoft Teams incoming webhook: a legacy MessageCard (accepted by connectors and Workflows). */
export type TeamsCard = {
  '@type': 'MessageCard';
  '@context': 'https://schema.org/extensions';
  summary: string;
  themeColor: string;
  title: string;
  sections: { facts: { name: string; value: string }[]; text?: string }[];
  potentialAction: { '@type': 'OpenUri'; name: string; targets: { os: 'default'; uri: string }[] }[];
};

const colors: Record<string, string> = {
  critical: 'D32F2F',
  error: 'F57C00',
  warning: 'FBC02D',
  info: '1976D2',
};

/**
 * Connector cards read facts and section text as Markdown with limited HTML: `&`, `<` and `>` become
 * entities, and the Markdown characters numeric entities, so a name shows as typed and cannot add a
 * link, an image, emphasis or markup. The title and summary are not formatted and stay as they are.
 */
export function escapeTeams(s: string): string {
  return s.replace(/[&<>*_[\]()`#~|\\!]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `&#${c.charCodeAt(0)};`,
  );
}

export function teamsCard(m: NotifyMessage): TeamsCard {
  const i = m.incident;
  const title = truncate(headline(m), 250);
  const facts = i
    ? [
        { name: 'Rule', value: escapeTeams(i.ruleName) },
        { name: 'Value', value: `${formatNumber(i.value)} (threshold ${formatNumber(i.threshold)})` },
        { name: 'Series', value: escapeTeams(truncate(labelsText(i.series), 1000)) },
        ...(m.actor ? [{ name: 'By', value: escapeTeams(m.actor) }] : []),
      ]
    : [{ name: 'Test', value: 'The channel works.' }];
  const open = (name: string, uri: string | null) =>
    uri ? [{ '@type': 'OpenUri' as const, name, targets: [{ os: 'default' as const, uri }] }] : [];
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: title,
    themeColor: m.action === 'resolve' ? '388E3C' : (colors[i?.severity ?? 'info'] ?? '1976D2'),
    title,
    sections: [{ facts, ...(m.note ? { text: escapeTeams(truncate(m.note, 2000)) } : {}) }],
    potentialAction: [
      ...open('Open incident', m.links.incident),
      ...(isFiring(m.action) ? open('Acknowledge', m.links.acknowledge) : []),
      ...open('Runbook', i?.runbookUrl ?? null),
    ],
  };
}
