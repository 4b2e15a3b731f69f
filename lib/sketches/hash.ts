/**
 * 64-bit string hashing for the HyperLogLog sketch, in 32-bit integer arithmetic only (no BigInt).
 *
 * The hash is MurmurHash3_x86_128 (Austin Appleby, public domain; SMHasher verification value 0xB3ECE62A)
 * of the string's UTF-8 bytes with seed 0, truncated to its first 64 bits: `hi = h1`, `lo = h2` (the first
 * two little-endian 32-bit words, i.e. the first 8 bytes, of the canonical 128-bit digest), so any
 * MurmurHash3 library can reproduce it outside Node.
 * Lone UTF-16 surrogates are encoded as U+FFFD, like `TextEncoder`.
 *
 * The result is written into the module-level {@link hashOut} pair to avoid allocating per call.
 */

/** Output of {@link hashString64} / {@link murmur3x86_128}: `[h1, h2, h3, h4]` as unsigned 32-bit words. */
export const hashOut = new Uint32Array(4);

let scratch = new Uint8Array(256);
let scratchView = new DataView(scratch.buffer);

/** Writes the UTF-8 encoding of `s` into the scratch buffer; returns its byte length. */
function encodeUtf8(s: string): number {
  const n = s.length;
  if (n * 3 > scratch.length) {
    scratch = new Uint8Array(Math.max(n * 3, scratch.length * 2));
    scratchView = new DataView(scratch.buffer);
  }
  const out = scratch;
  let p = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          out[p++] = 0xf0 | (cp >> 18);
          out[p++] = 0x80 | ((cp >> 12) & 0x3f);
          out[p++] = 0x80 | ((cp >> 6) & 0x3f);
          out[p++] = 0x80 | (cp & 0x3f);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

function murmurView(view: DataView, len: number, seed: number): void {
  let h1 = seed | 0;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  const blockEnd = len & ~15;
  for (let i = 0; i < blockEnd; i += 16) {
    let k1 = view.getUint32(i, true);
    let k2 = view.getUint32(i + 4, true);
    let k3 = view.getUint32(i + 8, true);
    let k4 = view.getUint32(i + 12, true);

    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;

    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;

    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;

    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }

  const rem = len & 15;
  if (rem > 0) {
    let k1 = 0;
    let k2 = 0;
    let k3 = 0;
    let k4 = 0;
    const t = blockEnd;
    // Little-endian assembly of the tail bytes into k1..k4 (the reference switch fall-through).
    for (let j = rem - 1; j >= 0; j--) {
      const b = view.getUint8(t + j);
      if (j >= 12) k4 ^= b << ((j - 12) * 8);
      else if (j >= 8) k3 ^= b << ((j - 8) * 8);
      else if (j >= 4) k2 ^= b << ((j - 4) * 8);
      else k1 ^= b << (j * 8);
    }
    if (rem > 12) {
      k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
      h4 ^= k4;
    }
    if (rem > 8) {
      k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
      h3 ^= k3;
    }
    if (rem > 4) {
      k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
      h2 ^= k2;
    }
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
  }

  h1 ^= len;
  h2 ^= len;
  h3 ^= len;
  h4 ^= len;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h3 = fmix32(h3);
  h4 = fmix32(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  hashOut[0] = h1;
  hashOut[1] = h2;
  hashOut[2] = h3;
  hashOut[3] = h4;
}

/** MurmurHash3_x86_128 of `bytes` with `seed`; the four output words land in {@link hashOut}. */
export function murmur3x86_128(bytes: Uint8Array, seed = 0): void {
  murmurView(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.length, seed);
}

/** 64-bit hash of a string (UTF-8, MurmurHash3_x86_128, seed 0): `hashOut[0]` = high, `hashOut[1]` = low word. */
export function hashString64(s: string): void {
  const length = encodeUtf8(s); // may replace the scratch buffer and its view
  murmurView(scratchView, length, 0);
}

/** Exposed for tests: the UTF-8 bytes the hash sees for `s`. */
export function utf8BytesForTest(s: string): Uint8Array {
  const n = encodeUtf8(s);
  return scratch.slice(0, n);
}
