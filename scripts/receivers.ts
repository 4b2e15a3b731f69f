/**
 * Local notification receivers for e2e tests and benchmarks:
 *   node --import tsx scripts/receivers.ts [--slack 4101] [--pagerduty 4102] [--webhook 4103] [--teams 4104]
 *     [--smtp 4105] [--control 4100]
 * Each port 0 (the default) picks a free one. The control server answers GET /received with what each
 * receiver got, GET /ports with the ports, POST /reset to forget, POST /script/<name> with a JSON answer
 * list ({status, body?, headers?, delayMs?}[]) to queue answers. PagerDuty listens on /v2/enqueue.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import {
  startPagerDutyReceiver,
  startSlackReceiver,
  startSmtpReceiver,
  startTeamsReceiver,
  startWebhookReceiver,
  type Answer,
  type HttpReceiver,
} from '../test/receivers';

const { values } = parseArgs({
  options: {
    slack: { type: 'string', default: '0' },
    pagerduty: { type: 'string', default: '0' },
    webhook: { type: 'string', default: '0' },
    teams: { type: 'string', default: '0' },
    smtp: { type: 'string', default: '0' },
    control: { type: 'string', default: '0' },
  },
});

const http_: Record<string, HttpReceiver> = {
  slack: await startSlackReceiver({ port: Number(values.slack) }),
  pagerduty: await startPagerDutyReceiver({ port: Number(values.pagerduty) }),
  webhook: await startWebhookReceiver({ port: Number(values.webhook) }),
  teams: await startTeamsReceiver({ port: Number(values.teams) }),
};
const smtp = await startSmtpReceiver({ port: Number(values.smtp) });

const ports = () => ({
  ...Object.fromEntries(Object.entries(http_).map(([k, r]) => [k, r.port])),
  smtp: smtp.port,
});

const control = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/received') {
      return send(200, {
        ...Object.fromEntries(Object.entries(http_).map(([k, r]) => [k, r.received])),
        smtp: smtp.received,
      });
    }
    if (req.method === 'GET' && url.pathname === '/ports') return send(200, ports());
    if (req.method === 'POST' && url.pathname === '/reset') {
      for (const r of Object.values(http_)) r.reset();
      smtp.received.length = 0;
      return send(200, { ok: true });
    }
    const script = /^\/script\/(\w+)$/.exec(url.pathname);
    const target = script?.[1] ? http_[script[1]] : undefined;
    if (req.method === 'POST' && target) {
      target.enqueue(...(JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]') as Answer[]));
      return send(200, { ok: true });
    }
    send(404, { error: 'not found' });
  });
});
await new Promise<void>((resolve) => control.listen(Number(values.control), '127.0.0.1', resolve));
console.log(JSON.stringify({ control: (control.address() as AddressInfo).port, ...ports() }));

const stop = () => {
  control.close();
  void Promise.all([...Object.values(http_).map((r) => r.close()), smtp.close()]).then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
