// eslint-disable-next-line no-control-regex
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a string cannot be stored as PostgreSQL text or jsonb (NUL), or cannot survive UTF-8 unchanged
 * (a lone surrogate becomes U+FFFD), or null when it can. Client-safe.
 */
export function unstorableReason(value: string): string | null {
  const m = unstorable.exec(value);
  if (!m) return null;
  return m[0] === '\u0000'
    ? 'must not contain NUL (\\u0000) characters'
    : 'must not contain lone surrogates (invalid UTF-16)';
}
