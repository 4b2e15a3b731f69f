'use client';

import { useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';

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

/** One replay's answer, with the draft and the period it replayed. */
export type PreviewResult<Draft, Answer> = {
  rule: Draft;
  range: PreviewRangeId;
  from: number;
  to: number;
  answer: Answer;
};

/**
 * A preview's state: the chosen range and the last replay of the draft over it (`POST path` with
 * `{rule, from, to}`). Once a preview is shown, another range replays it at once.
 */
export function usePreviewReplay<Draft, Answer>(path: string, draft: () => Draft | null) {
  const [range, setRange] = useState<PreviewRangeId>(defaultPreviewRange);
  const [result, setResult] = useState<PreviewResult<Draft, Answer> | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState('');

  async function run(id: PreviewRangeId) {
    const rule = draft();
    if (!rule) return;
    const to = Date.now();
    const from = to - previewRange(id).ms;
    setPending(true);
    setError('');
    try {
      const answer = await sendJson<Answer>('POST', path, {
        rule,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
      if (answer) setResult({ rule, range: id, from, to, answer });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The preview failed. Try again.');
    } finally {
      setPending(false);
    }
  }

  function choose(id: PreviewRangeId) {
    setRange(id);
    if (result) void run(id);
  }

  return { range, result, pending, error, run, choose, shown: previewRange(result?.range ?? range) };
}

/** The range picker and Preview button, then the error, the one-line summary and the server's notes. */
export function PreviewHeader({
  replay,
  summary,
  summaryTestId,
  notes,
}: {
  replay: Pick<ReturnType<typeof usePreviewReplay>, 'range' | 'pending' | 'error' | 'run' | 'choose'>;
  summary: string | null;
  summaryTestId: string;
  notes: readonly string[];
}) {
  const { range, pending, error, run, choose } = replay;
  return (
    <>
      <div className="backtest-controls">
        <PreviewRangePicker value={range} onChange={choose} disabled={pending} />
        <button type="button" className="button" disabled={pending} onClick={() => void run(range)}>
          {pending ? 'Replaying…' : `Preview (last ${previewRange(range).label})`}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="backtest-summary" role="status" data-testid={summaryTestId}>
        {summary}
      </p>
      {notes.length > 0 && (
        <ul className="field-hint backtest-notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** `Would have fired 3 times in the last 6 h.` / `Would not have fired in the last 6 h.` */
export function previewSummary(count: number, verb: string, label: string): string {
  return count === 0
    ? `Would not have ${verb} in the last ${label}.`
    : `Would have ${verb} ${count} time${count === 1 ? '' : 's'} in the last ${label}.`;
}
