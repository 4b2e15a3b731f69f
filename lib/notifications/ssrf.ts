import { promises as dns, type LookupAddress } from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/** A notification target refused because it is on a private, loopback, link-local or reserved address. */
export class PrivateTargetError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `${host} resolves to ${address}, a private or loopback address; set PULSEBOARD_ALLOW_PRIVATE_WEBHOOKS=on to allow it`,
    );
    this.name = 'PrivateTargetError';
  }
}

const ipv4Compatible = ipaddr.IPv6.parseCIDR('::/96');
const nat64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
const nat64Local = ipaddr.IPv6.parseCIDR('64:ff9b:1::/48');

/**
 * Why an address may not be dialled — its ipaddr.js range ('loopback', 'private', 'carrierGradeNat',
 * 'reserved', …) — or null for a public unicast address. IPv4-mapped addresses are judged by their IPv4
 * address, and so are NAT64 ones (64:ff9b::/96), so a translated private address is refused too.
 * IPv4-compatible (::/96, deprecated) and local-use NAT64 (64:ff9b:1::/48, where the IPv4 part sits
 * where the operator chose) have no public use and are refused whole.
 */
export function refusedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const v6 = ipaddr.process(address);
  if (v6 instanceof ipaddr.IPv4) return rangeVerdict(v6.range());
  const range = v6.range();
  if (range === 'unspecified' || range === 'loopback') return range;
  if (v6.match(ipv4Compatible)) return 'ipv4Compatible';
  if (v6.match(nat64Local)) return 'nat64Local';
  if (v6.match(nat64)) {
    const inner = refusedRange(ipaddr.fromByteArray(v6.toByteArray().slice(12)).toString());
    return inner && `nat64 of ${inner}`;
  }
  return rangeVerdict(range);
}
const rangeVerdict = (range: string) => (range === 'unicast' ? null : range);

/** True for every address that is not public unicast: loopback, private, link-local, CGNAT, reserved, … */
export function isPrivateAddress(address: string): boolean {
  return refusedRange(address) !== null;
}

/**
 * The IP address a URL's hostname spells, or null for a name. `new URL` already rewrites every IPv4
 * spelling of an http(s) host (decimal, octal, hex, short) to dotted form, but leaves smtp:// hosts as
 * typed, where getaddrinfo would still read `0x7f.1` as 127.0.0.1: those are parsed the http way.
 */
export function literalAddress(hostname: string): string | null {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return host;
  try {
    const parsed = new URL(`http://${host}/`).hostname;
    return net.isIPv4(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Save-time check of a target URL, without DNS (the server may reach names only through a proxy): refuses
 * an IP literal, in any spelling, that is not public. Names, `localhost` too, are checked when sending.
 */
export function assertSavableTarget(target: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const { hostname } = new URL(target);
  const literal = literalAddress(hostname);
  if (literal !== null && isPrivateAddress(literal)) throw new PrivateTargetError(hostname, literal);
}

/**
 * Send-time check, the one every transport dials through: the addresses of a URL's hostname (the literal
 * itself, or one DNS lookup), refused if any is not public unless allowed. The caller connects to exactly
 * these addresses, so DNS cannot answer differently between the check and the connection.
 */
export async function resolveTarget(
  hostname: string,
  allowPrivate: boolean,
): Promise<[LookupAddress, ...LookupAddress[]]> {
  const literal = literalAddress(hostname);
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses: LookupAddress[] = literal
    ? [{ address: literal, family: net.isIPv6(literal) ? 6 : 4 }]
    : await dns.lookup(host, { all: true });
  const bad = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
  if (bad) throw new PrivateTargetError(hostname, bad.address);
  const [first, ...rest] = addresses;
  if (!first) throw Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
  return [first, ...rest];
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http.request/net.connect that answers only the addresses `resolveTarget` checked. */
export function pinnedLookup(addresses: LookupAddress[]) {
  return (_hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    const first = addresses[0];
    if (options.all) process.nextTick(callback, null, addresses);
    else if (first) process.nextTick(callback, null, first.address, first.family);
  };
}

/** A `lookup` for net.connect callers that resolves and checks at connect time (`resolveTarget`). */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    resolveTarget(hostname, allowPrivate).then(
      (addresses) => pinnedLookup(addresses)(hostname, options, callback),
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
