import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { at: number; from: string; to: string[]; raw: string };

export type SmtpReceiver = {
  port: number;
  /** `smtp://user:pass@127.0.0.1:<port>?tls=off` */
  url: string;
  received: ReceivedMail[];
  /** Reject the next n messages with this SMTP code (e.g. 451 transient, 550 permanent). */
  rejectNext(code: number, n?: number): void;
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

/** An SMTP server on 127.0.0.1 (smtp-server) that accepts any login and records each message. */
export async function startSmtpReceiver(options: { port?: number } = {}): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const rejects: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (_auth, _session, cb) => cb(null, { user: 'test' }),
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = rejects.shift();
        if (code) return cb(Object.assign(new Error(`rejected with ${code}`), { responseCode: code }));
        received.push({
          at: Date.now(),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://test:secret@127.0.0.1:${port}?tls=off`,
    received,
    rejectNext: (code, n = 1) => rejects.push(...Array<number>(n).fill(code)),
    async waitFor(n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`smtp receiver got ${received.length} of ${n} messages`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
