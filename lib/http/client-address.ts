import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
/** Parsed `PULSEBOARD_TRUSTED_PROXIES`: the networks whose `X-Forwarded-For` is believed. */
export type TrustedProxies = readonly (readonly [Address, number])[];

/**
 * The private header the custom server sets on every request to the client address it derived from the
 * socket (and trusted proxies). A copy sent by the client is replaced, never believed.
 */
export const clientAddressHeader = 'x-pulseboard-client-address';

/** What a request that did not come through the custom server (a test calling a handler) counts as. */
export const unknownClientAddress = 'unknown';

/** An address as a proxy or the socket writes it: IPv4 (optionally `:port`), IPv6 (optionally `[...]:port`). */
function parseAddress(raw: string): Address | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text)) return null;
  // process(): an IPv4-mapped IPv6 address (::ffff:127.0.0.2, how a dual-stack socket reports IPv4) is IPv4.
  return ipaddr.process(text);
}

/** Parses one CIDR (`10.0.0.0/8`, `fd00::/8`) or a bare address (one host); null when it is neither. */
export function parseTrustedProxy(entry: string): readonly [Address, number] | null {
  const text = entry.trim();
  if (ipaddr.isValidCIDR(text)) {
    const [address, bits] = ipaddr.parseCIDR(text);
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
      return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
    }
    return [address, bits];
  }
  const address = parseAddress(text);
  return address ? [address, address.kind() === 'ipv4' ? 32 : 128] : null;
}

function isTrusted(address: Address, trusted: TrustedProxies): boolean {
  return trusted.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

/**
 * The client's address: the socket peer, unless that peer is a trusted proxy; then `X-Forwarded-For` is
 * walked from the right (each hop appends the address it saw), skipping trusted proxies, and the first
 * untrusted address wins. An unparsable entry stops the walk at the last hop that could be vouched for.
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  let address = socketAddress ? parseAddress(socketAddress) : null;
  if (!address) return unknownClientAddress;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  while (isTrusted(address, trusted)) {
    const hop = hops.pop();
    const previous = hop === undefined ? null : parseAddress(hop);
    if (!previous) break;
    address = previous;
  }
  return address.toString();
}

/**
 * Replaces any client-sent copy of the private header with the address derived from the socket; the
 * custom server calls it first thing on every request, so route handlers can trust the header.
 */
export function stampClientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  const address = resolveClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusted);
  req.headers[clientAddressHeader] = address;
  for (let i = req.rawHeaders.length - 2; i >= 0; i -= 2) {
    if (req.rawHeaders[i]?.toLowerCase() === clientAddressHeader) req.rawHeaders.splice(i, 2);
  }
  req.rawHeaders.push(clientAddressHeader, address);
  return address;
}

/**
 * The client address of a route handler's request, as the custom server stamped it. A request that did
 * not pass through it (a test calling the handler) is `unknown`: still throttled, as one address.
 */
export function requestClientAddress(request: Request): string {
  return request.headers.get(clientAddressHeader) ?? unknownClientAddress;
}
