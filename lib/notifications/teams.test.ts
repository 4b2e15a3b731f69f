import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { startTeamsReceiver } from '@/test/receivers';
import { sendNotification } from './send';
import type { NotifyMessage } from './message';
import { teamsCard, type AdaptiveCard } from './teams';

// Microsoft's own Adaptive Cards SDK parses and validates the card offline, as Teams' renderer would.
// Its ES build imports extensionless paths that Node cannot load; the UMD bundle works without a DOM.
type ValidationEvent = { message: string };
type AdaptiveCardsSdk = {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ValidationEvent[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): ValidationEvent };
};
const sdk = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsSdk;

/** Every problem the SDK finds: parse events (unknown types, bad values) and missing required properties. */
function problems(json: unknown): string[] {
  const card = new sdk.AdaptiveCard();
  const context = new sdk.SerializationContext();
  card.parse(json, context);
  const found = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  return [...found, ...card.validateProperties().validationEvents.map((e) => e.message)];
}

const message = (action: NotifyMessage['action'], withIncident = true): NotifyMessage => ({
  action,
  at: '2026-03-01T12:00:00.000Z',
  incident: withIncident
    ? {
        id: 'i1',
        title: 'API p95 above 800 ms',
        severity: 'critical',
        ruleName: 'API p95',
        ruleId: 'r1',
        series: { endpoint: '/checkout' },
        labels: {},
        value: 912.25,
        threshold: 800,
        dedupKey: 'pulseboard-i1',
        openedAt: '2026-03-01T11:59:00.000Z',
        runbookUrl: 'https://runbooks.example.com/api',
      }
    : null,
  actor: action === 'acknowledge' ? 'Dana Ops' : undefined,
  note: action === 'resolve' ? 'rolled back' : undefined,
  links: {
    incident: 'https://pb.example/incidents/i1',
    acknowledge: 'https://pb.example/incidents/i1?ack=1',
  },
});

describe('Teams Adaptive Card', () => {
  it.each(['trigger', 'acknowledge', 'resolve'] as const)(
    '%s: a valid card in a Workflows message',
    (action) => {
      const body = teamsCard(message(action));
      expect(body.type).toBe('message');
      expect(body.attachments).toHaveLength(1);
      expect(body.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
      const card: AdaptiveCard = body.attachments[0]!.content;
      expect(problems(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toContain('MessageCard');
      const titles = card.actions.map((a) => a.title);
      expect(titles).toContain('Open incident');
      expect(titles.includes('Acknowledge')).toBe(action === 'trigger');
    },
  );

  it('the test message is a valid card too', () => {
    expect(problems(teamsCard(message('test', false)).attachments[0]!.content)).toEqual([]);
  });

  it('the validator is not blind: it finds an unknown element and a missing URL', () => {
    const card = teamsCard(message('trigger')).attachments[0]!.content;
    const broken = {
      ...card,
      body: [{ type: 'TextBlok', text: 'x' }],
      actions: [{ type: 'Action.OpenUrl', title: 'x' }],
    };
    expect(problems(broken).join('\n')).toMatch(/TextBlok[\s\S]*url/);
  });
});

describe('Teams delivery', () => {
  it('a Workflows webhook accepts the card (202); the MessageCard it would refuse is not sent', async () => {
    const receiver = await startTeamsReceiver();
    try {
      const outcome = await sendNotification(
        {
          id: 'c1',
          name: 'teams',
          type: 'teams',
          config: {},
          secrets: { webhookUrl: `${receiver.url}/workflows/x` },
        },
        message('trigger'),
        { pagerDutyUrl: 'http://unused.invalid', allowPrivate: true, deliveryId: 'd1' },
      );
      expect(outcome).toMatchObject({ statusCode: 202, error: null });
      const [request] = receiver.received;
      expect(request?.json).toMatchObject({
        type: 'message',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
      });
    } finally {
      await receiver.close();
    }
  });
});
