'use client';

/** The ranges a rule or surge preview replays: the last hour up to the last week. */
export const previewRanges = [
  { id: '1h', label: '1 h', ms: 3_600_000, step: '1m' },
  { id: '6h', label: '6 h', ms: 6 * 3_600_000, step: '5m' },
  { id: '24h', label: '24 h', ms: 86_400_000, step: '5m' },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000, step: '5m' },
] as const;
export type PreviewRange = (typeof previewRanges)[number];
export type PreviewRangeId = PreviewRange['id'];
export const defaultPreviewRange: PreviewRangeId = '24h';

export function previewRange(id: PreviewRangeId): PreviewRange {
  return previewRanges.find((r) => r.id === id) ?? previewRanges[2];
}

/** `zone=north, product=x`, or `all` for an ungrouped series. */
export function describeLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'all' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** The 1 h / 6 h / 24 h / 7 d segmented control. */
export function PreviewRangePicker({
  value,
  onChange,
  disabled = false,
}: {
  value: PreviewRangeId;
  onChange: (id: PreviewRangeId) => void;
  /** @defaultValue false */
  disabled?: boolean;
}) {
  return (
    <div className="segmented" role="group" aria-label="Preview range">
      {previewRanges.map((r) => (
        <button
          key={r.id}
          type="button"
          className="button button-small"
          aria-pressed={value === r.id}
          disabled={disabled}
          onClick={() => onChange(r.id)}
        >
          {r.label}
        </button>
      ))}
    </div>
  );
}
