/** Labels as a text input holds them: `team=payments, env=prod`. */
export function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The labels typed as name=value pairs, comma-separated; `error` when a pair has no name. */
export function parseLabelsText(text: string): { labels: Record<string, string>; error: string | null } {
  const labels: Record<string, string> = {};
  let error: string | null = null;
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    if (at <= 0) {
      error = 'labels are name=value pairs, comma-separated';
      continue;
    }
    labels[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return { labels, error };
}
