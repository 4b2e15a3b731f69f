import { formatNumber, headline, isFiring, labelsText, truncate, type NotifyMessage } from './message';

/** One Adaptive Card element or action, as far as this card uses them (schema 1.4). */
type CardElement =
  | { type: 'TextBlock'; text: string; wrap: true; size?: 'Large'; weight?: 'Bolder'; color?: string }
  | { type: 'FactSet'; facts: { title: string; value: string }[] };
type CardAction = { type: 'Action.OpenUrl'; title: string; url: string };

/** An Adaptive Card (https://adaptivecards.io/schemas/adaptive-card.json), version 1.4 as Teams renders it. */
export type AdaptiveCard = {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.4';
  fallbackText: string;
  msteams: { width: 'Full' };
  body: CardElement[];
  actions: CardAction[];
};

/**
 * The body a Teams Workflows webhook ("When a Teams webhook request is received") takes: a message
 * with the card as its one attachment. The retired Office 365 connectors' MessageCard is not sent.
 */
export type TeamsMessage = {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: AdaptiveCard;
  }[];
};

const colors: Record<string, string> = {
  critical: 'Attention',
  error: 'Attention',
  warning: 'Warning',
  info: 'Accent',
};

/**
 * Text blocks and fact values are Markdown in Teams: each Markdown or HTML character gets a backslash
 * (CommonMark escapes), so a name shows as typed and cannot add a link, an image, emphasis or markup.
 */
export function escapeTeams(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, (c) => `\\${c}`);
}

export function teamsCard(m: NotifyMessage): TeamsMessage {
  const i = m.incident;
  const title = truncate(headline(m), 250);
  const facts = i
    ? [
        { title: 'Rule', value: escapeTeams(i.ruleName) },
        {
          title: 'Value',
          value: escapeTeams(`${formatNumber(i.value)} (threshold ${formatNumber(i.threshold)})`),
        },
        { title: 'Series', value: escapeTeams(truncate(labelsText(i.series), 1000)) },
        ...(m.actor ? [{ title: 'By', value: escapeTeams(m.actor) }] : []),
      ]
    : [{ title: 'Test', value: 'The channel works\\.' }];
  const open = (label: string, url: string | null): CardAction[] =>
    url ? [{ type: 'Action.OpenUrl', title: label, url }] : [];
  const card: AdaptiveCard = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    fallbackText: title,
    msteams: { width: 'Full' },
    body: [
      {
        type: 'TextBlock',
        text: escapeTeams(title),
        wrap: true,
        size: 'Large',
        weight: 'Bolder',
        color: m.action === 'resolve' ? 'Good' : (colors[i?.severity ?? 'info'] ?? 'Accent'),
      },
      { type: 'FactSet', facts },
      ...(m.note
        ? [{ type: 'TextBlock' as const, text: escapeTeams(truncate(m.note, 2000)), wrap: true as const }]
        : []),
    ],
    actions: [
      ...open('Open incident', m.links.incident),
      ...(isFiring(m.action) ? open('Acknowledge', m.links.acknowledge) : []),
      ...open('Runbook', i?.runbookUrl ?? null),
    ],
  };
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}
