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
 * An SMTP server that greets and then answers each command after `replyMs` (never, when null): a target
 * that holds a delivery attempt. `open()` counts its sockets still open, `delivered()` the messages it took.
 */
export async function startSlowSmtpServer({ replyMs = null }: { replyMs?: number | null } = {}): Promise<{
  port: number;
  connections: () => number;
  open: () => number;
  delivered: () => number;
  close(): Promise<void>;
}> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  let delivered = 0;
  const server = net.createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.write('220 slow.test ESMTP\r\n');
    if (replyMs === null) return;
    const reply = (line: string) =>
      setTimeout(() => {
        if (!socket.destroyed) socket.write(`${line}\r\n`);
      }, replyMs);
    let buffer = '';
    let inData = false;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            delivered += 1;
            reply('250 queued');
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'DATA') {
          inData = true;
          reply('354 go on');
        } else reply(verb === 'QUIT' ? '221 bye' : '250 ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    open: () => sockets.size,
    delivered: () => delivered,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
