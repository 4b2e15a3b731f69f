/** `String.prototype.isWellFormed` (ES2024, Node 20+): false when the string holds a lone surrogate. */
const isWellFormed = (value: string): boolean =>
  (value as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Why a string cannot be stored as PostgreSQL text or jsonb (NUL), or cannot survive UTF-8 unchanged
 * (a lone surrogate becomes U+FFFD), or null when it can. Client-safe.
 */
export function unstorableReason(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  if (!isWellFormed(value)) return 'must not contain lone surrogates (invalid UTF-16)';
  return null;
}
