import { createHash, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { requestClientAddress } from '@/server/auth/client-address';

/** Headers a reverse proxy adds: their presence means the socket peer is a relay, not the client. */
const relayHeaders = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

const digest = (text: string) => createHash('sha256').update(text).digest();

/** `Authorization: Bearer <token>` against the configured token, in constant time (both are hashed first). */
function hasMetricsToken(request: Request, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * Whether the request came from this host itself: the address server/index.ts stamped from the socket
 * is a loopback one and no proxy relayed it. Forwarding headers are never believed here: a proxy on the
 * same host makes every client look local, so any such header means "not loopback". A request that did
 * not pass through the custom server (`unknown`) is not loopback either.
 */
function fromLoopback(request: Request): boolean {
  if (relayHeaders.some((name) => request.headers.has(name))) return false;
  const address = requestClientAddress(request);
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

/**
 * Whether a request may read the process's internals (`/metrics`, the details of `/api/ready`): with the
 * bearer token `PULSEBOARD_METRICS_TOKEN`, or from loopback. Everyone else learns only up or not.
 */
export function mayReadInternals(request: Request, metricsToken: string | undefined): boolean {
  return hasMetricsToken(request, metricsToken) || fromLoopback(request);
}
