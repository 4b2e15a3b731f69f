'use client';

import { useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { useTimeFormat } from '@/components/time/time-zone';
import {
  defaultPreviewRange,
  describeLabels,
  previewRange,
  PreviewRangePicker,
  type PreviewRangeId,
} from '@/components/rules/preview-range';
import type { SurgeBacktestResult } from '@/core/services/surge-rules/backtest-surge-rule';
import type { CreateSurgeRuleInput } from '@/core/services/surge-rules/schemas';

type Result = { range: PreviewRangeId; answer: SurgeBacktestResult };

const maxRows = 200;
const ratioText = (ratio: number | null) => (ratio === null ? 'no supply' : `ratio ${ratio.toFixed(2)}`);

/**
 * "Preview" of a surge rule: replays the draft over the last 1 h, 6 h, 24 h or 7 d of stored demand and
 * supply (`POST /api/v1/surge-rules/backtest`) and lists when each group would have surged, to which tier.
 */
export function SurgePreview({ draft }: { draft: () => CreateSurgeRuleInput | null }) {
  const time = useTimeFormat();
  const [range, setRange] = useState<PreviewRangeId>(defaultPreviewRange);
  const [result, setResult] = useState<Result | null>(null);
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
      const answer = await sendJson<SurgeBacktestResult>('POST', '/api/v1/surge-rules/backtest', {
        rule,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
      if (answer) setResult({ range: id, answer });
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

  const surges = result?.answer.surges ?? [];
  const shown = previewRange(result?.range ?? range);

  return (
    <div className="backtest" data-testid="surge-preview">
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
      <p className="backtest-summary" role="status" data-testid="surge-preview-summary">
        {result &&
          (surges.length === 0
            ? `Would not have surged in the last ${shown.label}.`
            : `Would have surged ${surges.length} time${surges.length === 1 ? '' : 's'} in the last ${shown.label}.`)}
      </p>
      {result && result.answer.notes.length > 0 && (
        <ul className="field-hint backtest-notes">
          {result.answer.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {surges.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="surge-preview-list">
            <caption className="backtest-caption">Would have surged</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Surged at</th>
                <th scope="col">Back to ×1 at</th>
                <th scope="col">Highest tier</th>
                <th scope="col">Incident</th>
              </tr>
            </thead>
            <tbody>
              {surges.slice(0, maxRows).map((s) => (
                <tr key={`${describeLabels(s.group)}|${s.startedAt}`} data-testid="surge-preview-row">
                  <td>{describeLabels(s.group)}</td>
                  <td>
                    <time dateTime={s.startedAt}>{time.dateTime(s.startedAt)}</time>
                  </td>
                  <td>
                    {s.endedAt ? (
                      <time dateTime={s.endedAt}>{time.dateTime(s.endedAt)}</time>
                    ) : (
                      'still surging'
                    )}
                  </td>
                  <td>
                    ×{s.peakMultiplier} ({ratioText(s.peakRatio)})
                  </td>
                  <td>{s.incident ? 'would open' : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {surges.length > maxRows && <p className="field-hint">The first {maxRows} are listed.</p>}
        </div>
      )}
    </div>
  );
}
