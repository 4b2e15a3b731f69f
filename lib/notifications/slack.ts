import {
  actionWord,
  formatNumber,
  headline,
  isFiring,
  labelsText,
  plainText,
  truncate,
  type NotifyMessage,
} from './message';

/** Slack's limits (api.slack.com/reference/block-kit): a header's text is at most 150 characters. */
export const slackLimits = { blocks: 50, headerText: 150, sectionText: 3000, fieldText: 2000, text: 40_000 };

type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
type Block =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }
  | {
      type: 'actions';
      elements: { type: 'button'; text: TextObject; url: string; style?: 'primary' | 'danger' }[];
    };

export type SlackPayload = { text: string; blocks: Block[] };

const severityEmoji: Record<string, string> = {
  critical: ':red_circle:',
  error: ':large_orange_circle:',
  warning: ':large_yellow_circle:',
  info: ':large_blue_circle:',
};

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The Block Kit message for an incoming webhook: header, figures, series, links, plain `text` fallback. */
export function slackPayload(m: NotifyMessage): SlackPayload {
  const text = truncate(plainText(m), slackLimits.text);
  if (!m.incident) {
    return {
      text,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Pulseboard test notification' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'The channel works.' } },
      ],
    };
  }
  const i = m.incident;
  const icon = m.action === 'resolve' ? ':white_check_mark:' : (severityEmoji[i.severity] ?? '');
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(
          `${actionWord(m.action)} [${i.severity.toUpperCase()}] ${i.ruleName}`,
          slackLimits.headerText,
        ),
        emoji: true,
      },
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`${icon} *${esc(i.title)}*`, slackLimits.sectionText) },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Value*\n${formatNumber(i.value)}` },
        { type: 'mrkdwn', text: `*Threshold*\n${formatNumber(i.threshold)}` },
        { type: 'mrkdwn', text: `*Severity*\n${i.severity}` },
        { type: 'mrkdwn', text: truncate(`*Rule*\n${esc(i.ruleName)}`, slackLimits.fieldText) },
      ],
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`*Series*\n${esc(labelsText(i.series))}`, slackLimits.sectionText),
      },
    },
  ];
  if (m.actor || m.note) {
    const who = m.actor ? `${actionWord(m.action)} by ${esc(m.actor)}` : '';
    const note = m.note ? `\n>${esc(m.note)}` : '';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(who + note, slackLimits.sectionText) },
    });
  }
  const buttons: Extract<Block, { type: 'actions' }>['elements'] = [];
  if (m.links.incident)
    buttons.push({
      type: 'button',
      text: { type: 'plain_text', text: 'Open incident' },
      url: m.links.incident,
    });
  if (m.links.acknowledge && isFiring(m.action))
    buttons.push({
      type: 'button',
      text: { type: 'plain_text', text: 'Acknowledge' },
      url: m.links.acknowledge,
      style: 'primary',
    });
  if (i.runbookUrl)
    buttons.push({ type: 'button', text: { type: 'plain_text', text: 'Runbook' }, url: i.runbookUrl });
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: truncate(`Opened ${i.openedAt} · ${headline(m)}`, slackLimits.fieldText) },
    ],
  });
  return { text, blocks: blocks.slice(0, slackLimits.blocks) };
}
