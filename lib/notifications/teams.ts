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

export function teamsCard(m: NotifyMessage): TeamsCard {
  const i = m.incident;
  const title = truncate(headline(m), 250);
  const facts = i
    ? [
        { name: 'Rule', value: i.ruleName },
        { name: 'Value', value: `${formatNumber(i.value)} (threshold ${formatNumber(i.threshold)})` },
        { name: 'Series', value: truncate(labelsText(i.series), 1000) },
        ...(m.actor ? [{ name: 'By', value: m.actor }] : []),
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
    sections: [{ facts, ...(m.note ? { text: truncate(m.note, 2000) } : {}) }],
    potentialAction: [
      ...open('Open incident', m.links.incident),
      ...(isFiring(m.action) ? open('Acknowledge', m.links.acknowledge) : []),
      ...open('Runbook', i?.runbookUrl ?? null),
    ],
  };
}
