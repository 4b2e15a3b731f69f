import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mayReadInternalsFrom } from '@/lib/http/internals-access';

export type MetricsServerOptions = {
  /** 0 picks a free port (tests); the worker's entry point skips the server when its variable is 0. */
  port: number;
  /** @defaultValue `127.0.0.1` */
  host?: string;
  /** `PULSEBOARD_METRICS_TOKEN`: other hosts need it as a bearer token; loopback clients do not. */
  token?: string;
  /** The Prometheus text exposition, read at each scrape. */
  render: () => Promise<string>;
  log: (level: 'info' | 'warn', msg: string, extra?: Record<string, unknown>) => void;
};

export type MetricsServer = { port: number; close: () => Promise<void> };

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * GET /metrics of a worker process, under the web's rule (the bearer token, or a loopback socket with no
 * forwarding header naming another host). Null when it cannot listen (the port is taken): the worker
 * logs a warning and carries on, since its jobs matter more than its numbers.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer | null> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end();
      return;
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    if (!mayReadInternalsFrom(client, headersOf(req), options.token)) {
      res
        .writeHead(401, {
          'content-type': 'text/plain; charset=utf-8',
          'www-authenticate': 'Bearer realm="pulseboard-metrics"',
        })
        .end('metrics need Authorization: Bearer <PULSEBOARD_METRICS_TOKEN>, or a loopback client\n');
      return;
    }
    options.render().then(
      (text) => {
        res.writeHead(200, {
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        options.log('warn', 'metrics: could not render', { error: String(error) });
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('could not render metrics\n');
      },
    );
  });
  const host = options.host ?? '127.0.0.1';
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      options.log('warn', `metrics: cannot listen on ${host}:${options.port}; this worker exports none`, {
        error: error.code ?? error.message,
      });
      resolve(false);
    });
    server.listen(options.port, host, () => {
      server.removeAllListeners('error');
      resolve(true);
    });
  });
  if (!listening) return null;
  server.on('error', (error) => options.log('warn', 'metrics server error', { error: error.message }));
  const port = (server.address() as AddressInfo).port;
  options.log('info', `metrics on http://${host}:${port}/metrics`);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
