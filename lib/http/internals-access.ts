import { createHash, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { requestClientAddress } from '@/lib/http/client-address';

const isLoopback = (address: string) =>
  ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';

/**
 * The client addresses that forwarding headers claim. Next.js itself sets `X-Forwarded-For` to the socket
 * address when a request has none, so the header alone does not mean a proxy relayed the request.
 */
function relayedFor(headers: Headers): string[] {
  const forwarded = [...(headers.get('forwarded') ?? '').matchAll(/for="?\[?([^\]";,]*)/gi)];
  return [
    ...(headers.get('x-forwarded-for') ?? '').split(','),
    headers.get('x-real-ip') ?? '',
    ...forwarded.map((m) => m[1] ?? 'unknown'),
  ]
    .map((hop) => hop.trim())
    .filter(Boolean);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** `Authorization: Bearer <token>` against the configured token, in constant time (both are hashed first). */
function hasMetricsToken(headers: Headers, token: string | undefined): boolean {
  if (!token) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * Whether the request came from this host itself: the client address (server/index.ts stamps it from the
 * socket) is a loopback one, and every address a forwarding header names is loopback too. Those headers can
 * only take loopback away, never grant it: a proxy on the same host relays everyone from 127.0.0.1, and
 * the client it names is elsewhere. A request that did not pass through the custom server (`unknown`)
 * is not loopback either.
 */
function fromLoopback(clientAddress: string, headers: Headers): boolean {
  return isLoopback(clientAddress) && relayedFor(headers).every(isLoopback);
}

/**
 * Whether a request may read the process's internals (`/metrics`, the details of `/api/ready`): with the
 * bearer token `PULSEBOARD_METRICS_TOKEN`, or from loopback. Everyone else learns only up or not.
 */
export function mayReadInternals(request: Request, metricsToken: string | undefined): boolean {
  return mayReadInternalsFrom(requestClientAddress(request), request.headers, metricsToken);
}

/** The same rule for a server that sees the socket's address itself (a worker's metrics server). */
export function mayReadInternalsFrom(
  clientAddress: string,
  headers: Headers,
  metricsToken: string | undefined,
): boolean {
  return hasMetricsToken(headers, metricsToken) || fromLoopback(clientAddress, headers);
}
