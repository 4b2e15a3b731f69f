'use client';

import { useTimeFormat } from '@/components/time/time-zone';
import {
  describeLabels,
  PreviewHeader,
  previewSummary,
  usePreviewReplay,
} from '@/components/rules/preview-range';
import type { CreateSurgeRuleInput } from '@/core/services/surge-rules/schemas';
import type { SurgeBacktestResult } from '@/contracts/responses/surge';

const maxRows = 200;
const ratioText = (ratio: number | null) => (ratio === null ? 'no supply' : `ratio ${ratio.toFixed(2)}`);

/**
 * "Preview" of a surge rule: replays the draft over the last 1 h, 6 h, 24 h or 7 d of stored demand and
 * supply (`POST /api/v1/surge-rules/backtest`) and lists when each group would have surged, to which tier.
 */
export function SurgePreview({ draft }: { draft: () => CreateSurgeRuleInput | null }) {
  const time = useTimeFormat();
  const replay = usePreviewReplay<CreateSurgeRuleInput, SurgeBacktestResult>(
    '/api/v1/surge-rules/backtest',
    draft,
  );
  const { result, shown } = replay;
  const surges = result?.answer.surges ?? [];

  return (
    <div className="backtest" data-testid="surge-preview">
      <PreviewHeader
        replay={replay}
        summary={result && previewSummary(surges.length, 'surged', shown.label)}
        summaryTestId="surge-preview-summary"
        notes={result?.answer.notes ?? []}
      />
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
