'use client';

import { comparisonOps } from '@/lib/alerting/kinds/kind';
import { sentimentMeasures, type SentimentMeasure } from '@/lib/alerting/kinds/sentiment';
import { sentimentMetricNames } from '@/lib/sentiment/metrics';

type Params = Record<string, unknown>;

/** The metric each measure reads by default (any metric averaging the same field also works). */
const metricOf: Record<SentimentMeasure, string> = {
  negative_share: sentimentMetricNames.negativeShare,
  average_score: sentimentMetricNames.average,
};

const labels: Record<SentimentMeasure, string> = {
  negative_share: 'Negative share (%)',
  average_score: 'Average score (−1..1)',
};

function parse(json: string): Params {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Params) : {};
  } catch {
    return {};
  }
}

const numberOrText = (text: string): number | string | undefined => {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
};

export type SentimentFieldsProps = {
  /** The rule's params as JSON (the form's parameters box); every input here rewrites it. */
  paramsJson: string;
  onParamsJson: (json: string) => void;
  metric: string;
  onMetric: (name: string) => void;
  /** id prefix of the inputs. */
  idPrefix: string;
};

/**
 * Inputs of a sentiment rule: "negative share above X% over N minutes" or "average score below Y",
 * per group. They read and write the params JSON, so the server's schema stays the one judge.
 */
export function SentimentFields({
  paramsJson,
  onParamsJson,
  metric,
  onMetric,
  idPrefix,
}: SentimentFieldsProps) {
  const params = parse(paramsJson);
  const measure: SentimentMeasure = params.measure === 'average_score' ? 'average_score' : 'negative_share';
  const text = (key: string) => {
    const v = params[key];
    return typeof v === 'number' || typeof v === 'string' ? String(v) : '';
  };
  const set = (key: string, value: unknown) => {
    const next: Params = { measure, ...params, [key]: value };
    if (value === undefined) delete next[key];
    onParamsJson(JSON.stringify(next, null, 2));
  };
  const id = (name: string) => `${idPrefix}-sentiment-${name}`;

  return (
    <fieldset className="notify-fields field-wide" data-testid="sentiment-fields">
      <legend>Sentiment condition</legend>
      <div className="field">
        <label htmlFor={id('measure')}>Measure</label>
        <select
          id={id('measure')}
          value={measure}
          onChange={(e) => {
            const next = e.target.value as SentimentMeasure;
            onParamsJson(JSON.stringify({ ...params, measure: next }, null, 2));
            if (!metric || Object.values(metricOf).includes(metric)) onMetric(metricOf[next]);
          }}
        >
          {sentimentMeasures.map((m) => (
            <option key={m} value={m}>
              {labels[m]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('op')}>Operator</label>
        <select id={id('op')} value={text('op') || '>'} onChange={(e) => set('op', e.target.value)}>
          {comparisonOps.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('value')}>
          {measure === 'negative_share' ? 'Threshold (%)' : 'Threshold score'}
        </label>
        <input
          id={id('value')}
          inputMode="decimal"
          value={text('value')}
          onChange={(e) => set('value', numberOrText(e.target.value))}
        />
      </div>
      <div className="field">
        <label htmlFor={id('clear')}>Clear at</label>
        <input
          id={id('clear')}
          inputMode="decimal"
          value={text('clearValue')}
          onChange={(e) => set('clearValue', numberOrText(e.target.value))}
        />
      </div>
      <div className="field">
        <label htmlFor={id('window')}>Over minutes</label>
        <input
          id={id('window')}
          inputMode="numeric"
          placeholder="the rule's window"
          value={text('windowMinutes')}
          onChange={(e) => set('windowMinutes', numberOrText(e.target.value))}
        />
      </div>
      <div className="field">
        <label htmlFor={id('min')}>At least texts</label>
        <input
          id={id('min')}
          inputMode="numeric"
          placeholder="5"
          value={text('minTexts')}
          onChange={(e) => set('minTexts', numberOrText(e.target.value))}
        />
      </div>
    </fieldset>
  );
}
