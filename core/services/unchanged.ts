/**
 * The fields of a change (a PATCH body, or a merged whole) whose values differ from the stored ones.
 * Empty means the change changes nothing: the services then answer the current view and write neither
 * the row nor an audit entry. Omitted fields (undefined) never count as a change.
 */
export function changedFields<T extends object>(stored: object, change: T): Partial<T> {
  const before = stored as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(change).filter(([k, v]) => v !== undefined && !sameValue(before[k], v)),
  ) as Partial<T>;
}

/** What the server keeps on a rule's or surge rule's view, beside the settings an edit may change. */
type ServerKept = {
  id: unknown;
  createdAt: unknown;
  updatedAt: unknown;
  demo: unknown;
  evaluationFailure: unknown;
};

/** A rule's or surge rule's view without what the server keeps: the settings a PATCH is merged into. */
export function settingsOf<T extends ServerKept>(view: T): Omit<T, keyof ServerKept> {
  const { id: _id, createdAt: _c, updatedAt: _u, demo: _d, evaluationFailure: _f, ...settings } = view;
  return settings;
}

/** Whether a change leaves every stored value as it is (see changedFields). */
export function changesNothing(stored: object, change: object): boolean {
  return Object.keys(changedFields(stored, change)).length === 0;
}

/**
 * Deep equality of stored and sent values. Object keys are compared as sets (jsonb does not keep their
 * order); a key holding undefined counts as absent; a stored Date equals an ISO string of the same instant.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return instant(a) !== null && instant(a) === instant(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
    );
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
    const ka = keys(a);
    return ka.length === keys(b).length && ka.every((k) => sameValue(a[k], b[k]));
  }
  return a === b;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function instant(v: unknown): number | null {
  const t = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : null;
}
