/**
 * The `?next=` target after signing in, or null when it is not a same-origin path. Only `/x` paths
 * are allowed: `//host` and `/\host` would be read by browsers as another origin.
 */
export function safeNextPath(value: string | string[] | null | undefined): string | null {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || !next.startsWith('/')) return null;
  if (next.startsWith('//') || next.startsWith('/\\')) return null;
  // Control characters (tabs, newlines) are stripped by URL parsers and could smuggle a `//`.
  for (let i = 0; i < next.length; i += 1) {
    const code = next.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return null;
  }
  return next;
}
