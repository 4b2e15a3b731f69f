// Service detection and port probing, with Node built-ins only (the `postgres` package is loaded
// lazily, once the dependencies are installed).
import http from 'node:http';
import net from 'node:net';

/**
 * True when something accepts a TCP connection on host:port within the timeout.
 * @param {string} host
 * @param {number} port
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export function tcpAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (/** @type {boolean} */ answered) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * True when a Redis server on host:port answers PING with PONG. A Redis that wants a password
 * (NOAUTH) is not usable without one, so it does not count.
 * @param {string} host
 * @param {number} port
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export function redisAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let reply = '';
    const done = (/** @type {boolean} */ answered) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * True when a PostgreSQL server at `url` accepts a real login. "Database does not exist" (3D000)
 * counts as an answer: the server checks credentials first, and the migrate step creates the
 * database.
 * @param {string} url
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export async function postgresAnswers(url, timeoutMs = 3000) {
  return (await postgresLogin(url, timeoutMs)) === null;
}

/**
 * Logs in to `url` and runs `select 1`; returns null on success, else the reason it failed.
 * @param {string} url
 * @param {number} [timeoutMs]
 * @returns {Promise<string | null>}
 */
export async function postgresLogin(url, timeoutMs = 3000) {
  const { hostname, port } = new URL(url);
  if (!(await tcpAnswers(hostname, Number(port || 5432), timeoutMs))) return 'nothing answers on that port';
  const { default: postgres } = await import('postgres');
  const sql = postgres(url, {
    max: 1,
    connect_timeout: Math.ceil(timeoutMs / 1000),
    onnotice: () => {},
    connection: { application_name: 'pulseboard-launcher' },
  });
  try {
    await sql`select 1`;
    return null;
  } catch (error) {
    const { code, message } = /** @type {{ code?: string, message?: string }} */ (error);
    return code === '3D000' ? null : (message ?? String(error));
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/**
 * True when nothing listens on the port, on any local address (the web process binds 0.0.0.0).
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The first free port from `start` on.
 * @param {number} start
 * @param {number} [attempts]
 * @returns {Promise<number>}
 */
export async function findFreePort(start, attempts = 100) {
  for (let port = start; port < start + attempts && port <= 65_535; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port in ${start}..${start + attempts - 1}`);
}

/**
 * The HTTP status of a GET, or 0 when there is no answer within the timeout.
 * @param {string} url
 * @param {number} [timeoutMs]
 * @returns {Promise<number>}
 */
export function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}
