'use client';

import { useMemo, useState } from 'react';
import { ApiError, sendJson } from '@/components/api/fetch-json';
import { AlertChart } from '@/components/incidents/alert-chart';
import { useMetricWindow } from '@/components/incidents/metric-window';
import type { SeriesState } from '@/lib/alerting/types';
import type { CreateRuleInput } from '@/core/services/rules/schemas';

type Transition = {
  ts: string;
  series: Record<string, string>;
  from: SeriesState;
  to: SeriesState;
  value: number | null;
};
type BacktestAnswer = {
  transitions: Transition[];
  incidents: Array<{ series: Record<string, string>; openedAt: string; resolvedAt: string | null }>;
};

const dayMs = 86_400_000;

type Result = { rule: CreateRuleInput; from: number; to: number; answer: BacktestAnswer };

/**
 * "Preview": replays the draft over the last 24 h (`POST /api/v1/rules/backtest`) and marks each time
 * it would have fired on the metric's chart.
 */
export function BacktestPreview({ draft }: { draft: () => CreateRuleInput | null }) {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState('');

  async function run() {
    const rule = draft();
    if (!rule) return;
    const to = Date.now();
    const from = to - dayMs;
    setPending(true);
    setError('');
    try {
      const answer = await sendJson<BacktestAnswer>('POST', '/api/v1/rules/backtest', {
        rule,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
      if (answer) setResult({ rule, from, to, answer });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The preview failed. Try again.');
    } finally {
      setPending(false);
    }
  }

  const fired = useMemo(
    () => (result ? result.answer.transitions.filter((t) => t.to === 'firing') : []),
    [result],
  );
  const points = useMemo(
    () => fired.map((t) => ({ ts: Date.parse(t.ts), value: t.value, label: 'fire' })),
    [fired],
  );
  const areas = useMemo(
    () =>
      (result?.answer.incidents ?? []).map((i) => ({
        from: Date.parse(i.openedAt),
        to: i.resolvedAt ? Date.parse(i.resolvedAt) : (result?.to ?? Date.now()),
        label: '',
      })),
    [result],
  );
  const threshold =
    result?.rule.kind === 'threshold' ? (result.rule.params as { value: number }).value : null;
  const window = useMetricWindow({
    metric: result?.rule.metric ?? null,
    groupBy: result?.rule.groupBy ?? [],
    from: result?.from ?? 0,
    to: result?.to ?? 0,
    step: '5m',
  });

  return (
    <div className="backtest" data-testid="rule-preview">
      <button type="button" className="button" disabled={pending} onClick={() => void run()}>
        {pending ? 'Replaying…' : 'Preview (last 24 h)'}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="backtest-summary" role="status" data-testid="preview-summary">
        {result && `Would have fired ${fired.length} time${fired.length === 1 ? '' : 's'} in the last 24 h.`}
      </p>
      {result && (
        <AlertChart
          title={`${result.rule.metric}, last 24 h`}
          slug="rule-preview"
          lines={window.data ?? []}
          from={result.from}
          to={result.to}
          threshold={threshold}
          areas={areas}
          points={points}
          description="5-minute buckets; pins where the rule would have fired, shaded while an incident would have been open."
          emptyMessage={window.isPending ? 'Loading…' : 'No data in the last 24 h.'}
        />
      )}
    </div>
  );
}
