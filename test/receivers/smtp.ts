import net, { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { at: number; from: string; to: string[]; raw: string };

export type SmtpReceiver = {
  port: number;
  /** `smtp://user:pass@127.0.0.1:<port>?tls=off` */
  url: string;
  received: ReceivedMail[];
  /** The logins the server was sent (AUTH), as the client sent them. */
  logins: { username: string; password: string }[];
  /** Reject the next n messages with this SMTP code (e.g. 451 transient, 550 permanent) and reply text. */
  rejectNext(code: number, n?: number, text?: string): void;
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

/**
 * An SMTP server on 127.0.0.1 (smtp-server) that accepts any login and records each message. It offers
 * no STARTTLS, so a client must be told `tls=off` to use it.
 */
export async function startSmtpReceiver(options: { port?: number } = {}): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const logins: SmtpReceiver['logins'] = [];
  const rejects: { code: number; text: string | undefined }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // Plain AUTH without TLS, as a misconfigured (or stripped) real server would take it.
    allowInsecureAuth: true,
    onAuth: (auth, _session, cb) => {
      logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
      cb(null, { user: 'test' });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const reject = rejects.shift();
        if (reject) {
          const text = reject.text ?? `rejected with ${reject.code}`;
          return cb(Object.assign(new Error(text), { responseCode: reject.code }));
        }
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
    logins,
    rejectNext: (code, n = 1, text) => rejects.push(...Array.from({ length: n }, () => ({ code, text }))),
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

/**
 * An SMTP server that sends its 220 greeting and then never answers (a stalled or hostile server).
 * `connections` counts the clients that connected.
 */
export async function startStalledSmtpServer(): Promise<{
  port: number;
  connections: () => number;
  close(): Promise<void>;
}> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.write('220 stalled.test ESMTP\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
