import type { ActionsBlock, Button, ContextBlock, HeaderBlock, SectionBlock } from '@slack/types';
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

type Block = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock;

/** An incoming-webhook message: Block Kit blocks (Slack's own types) and the plain `text` fallback. */
export type SlackPayload = { text: string; blocks: Block[] };

const severityEmoji: Record<string, string> = {
  critical: ':red_circle:',
  error: ':large_orange_circle:',
  warning: ':large_yellow_circle:',
  info: ':large_blue_circle:',
};

/**
 * Escapes the three characters Slack treats as control characters in mrkdwn and in a message's `text`
 * (api.slack.com/reference/surfaces/formatting#escaping): a name holding `<!channel>` or `<@U123>`
 * mentions nobody and `<https://x|y>` links nowhere.
 */
export const escapeSlack = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const esc = escapeSlack;

/** Cuts escaped mrkdwn to the limit without leaving half an entity (`&am…`) at the end. */
function cut(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  return `${mrkdwn.slice(0, Math.max(0, max - 1)).replace(/&[a-z]*$/, '')}…`;
}
const escapedText = (text: string, max: number) => cut(esc(text), max);

/** The Block Kit message for an incoming webhook: header, figures, series, links, plain `text` fallback. */
export function slackPayload(m: NotifyMessage): SlackPayload {
  const text = escapedText(plainText(m), slackLimits.text);
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
      text: { type: 'mrkdwn', text: cut(`${icon} *${esc(i.title)}*`, slackLimits.sectionText) },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Value*\n${formatNumber(i.value)}` },
        { type: 'mrkdwn', text: `*Threshold*\n${formatNumber(i.threshold)}` },
        { type: 'mrkdwn', text: `*Severity*\n${i.severity}` },
        { type: 'mrkdwn', text: cut(`*Rule*\n${esc(i.ruleName)}`, slackLimits.fieldText) },
      ],
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(`*Series*\n${esc(labelsText(i.series))}`, slackLimits.sectionText),
      },
    },
  ];
  if (m.actor || m.note) {
    const who = m.actor ? `${actionWord(m.action)} by ${esc(m.actor)}` : '';
    // Every line of the note is quoted, so a line break cannot end the quote early.
    const note = m.note
      ? `\n${m.note
          .split('\n')
          .map((line) => `>${esc(line)}`)
          .join('\n')}`
      : '';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: cut(who + note, slackLimits.sectionText) },
    });
  }
  const buttons: Button[] = [];
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
      { type: 'mrkdwn', text: escapedText(`Opened ${i.openedAt} · ${headline(m)}`, slackLimits.fieldText) },
    ],
  });
  return { text, blocks: blocks.slice(0, slackLimits.blocks) };
}
