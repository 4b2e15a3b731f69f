// Sentiment scoring throughput, for `npm run bench`: texts scored per second on one core (one worker
// process scores on its one event-loop thread), and the worker's flush (the real processBatch into the
// bench database, with the sentiment metrics) with and without text on the same events.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Sql } from '@/db/client';
import { builtInMetrics, type MetricDefinition } from '@/lib/metrics/definitions';
import { scoreSentiment } from '@/lib/sentiment';
import { sentimentMetrics } from '@/lib/sentiment/metrics';
import type { CleanEvent } from '@/contracts/jobs';
import { processBatch } from '@/workers/ingest/process-batch';

export type SentimentBenchResult = {
  /** Texts scored per CPU second by scoreSentiment alone (one worker scores on one core). */
  textsPerSecond: number;
  meanTextLength: number;
  /** Events stored per second by one worker's flushes: texts, and the same events without text. */
  flushWithText: number;
  flushWithoutText: number;
  /** Share of a text event's flush time spent scoring it. */
  scoringShare: number;
};

// Support-desk and review phrasing made up for the bench (not the evaluation file): openings, bodies and
// endings combined by a seeded generator, so every run scores the same texts.
const openings = ['', 'Hi, ', 'Hello team, ', 'URGENT: ', 'Again?! ', 'Quick note: ', 'Honestly, '];
const bodies = [
  'the checkout page keeps failing when I pay with my card',
  'your agent was really helpful and solved it in minutes',
  'I have been waiting for my refund for two weeks',
  'the new release is great, the app feels much faster',
  'delivery was late again and nobody answers the phone',
  'not bad, but the search is still kind of slow',
  'love the product 😍 but shipping costs are way too high',
  'the invoice is wrong and I was charged twice',
  'app crashes every time I open settings :(',
  'thanks for the quick fix, works perfectly now :)',
  'cannot log in since the update, password reset does not work',
  'the driver was friendly and the ride was smooth',
];
const endings = ['', '.', '!', '!!!', '??', ' Please help.', ' Thanks!', ' Terrible.', ' 👍', ' 😡'];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export function benchTexts(count: number, seed = 42): string[] {
  const random = generator(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, () => {
    const sentences = 1 + Math.floor(random() * 3);
    const parts = Array.from({ length: sentences }, () => pick(bodies) + pick(endings));
    return pick(openings) + parts.join(' ');
  });
}

function eventsOf(texts: readonly string[], tag: string, withText: boolean, ts: number): CleanEvent[] {
  return texts.map((text, i) => ({
    id: `${tag}-${i}`,
    type: 'support_ticket',
    ts: ts + (i % 1000),
    ...(withText ? { text } : {}),
    props: { topic: `topic${i % 8}` },
  }));
}

/**
 * Texts scored per CPU second of this process (user + system) by scoreSentiment alone, median of five
 * passes after a warm-up: on a shared machine the wall clock measures the neighbours too.
 */
export function measureScoring(texts: readonly string[]): number {
  for (const text of texts.slice(0, 2_000)) scoreSentiment(text); // warm-up (JIT)
  let checksum = 0;
  const passes: number[] = [];
  for (let pass = 0; pass < 5; pass += 1) {
    const cpu = process.cpuUsage();
    for (const text of texts) checksum += scoreSentiment(text).score;
    const used = process.cpuUsage(cpu);
    passes.push(texts.length / ((used.user + used.system) / 1e6));
  }
  if (!Number.isFinite(checksum)) throw new Error('scores are not finite');
  return median(passes);
}

/** Runs the sentiment bench against the bench database (its own event ids, so nothing else is touched). */
export async function benchSentiment(options: {
  sql: Sql;
  texts?: number;
  batchSize?: number;
  batches?: number;
}): Promise<SentimentBenchResult> {
  const { sql, texts: textCount = 50_000, batchSize = 2_000, batches = 10 } = options;
  const texts = benchTexts(textCount);
  const textsPerSecond = measureScoring(texts);

  const metrics: MetricDefinition[] = [...builtInMetrics, ...sentimentMetrics];
  const run = `sb${Date.now().toString(36)}`;
  let flushes = 0;
  const timeFlush = async (withText: boolean): Promise<number> => {
    // Ids of this flush's own: a repeated id would be a duplicate, stored (and scored) never.
    flushes += 1;
    let elapsed = 0;
    for (let b = 0; b < batches; b += 1) {
      const slice = texts.slice((b * batchSize) % texts.length).slice(0, batchSize);
      const job = {
        source: 'bench',
        keyId: 'bench',
        backfill: false,
        receivedAt: Date.now(),
        events: eventsOf(slice, `${run}-${flushes}-${b}`, withText, Date.now() - 5_000),
      };
      const started = performance.now();
      await processBatch(sql, [job], { latenessMs: 300_000, metrics });
      elapsed += performance.now() - started;
    }
    return (batches * batchSize) / (elapsed / 1000);
  };
  await timeFlush(true); // warm-up: connections, plans
  // Alternated so both see the same database state (table size, caches); medians of three rounds.
  const plain: number[] = [];
  const scored: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    plain.push(await timeFlush(false));
    scored.push(await timeFlush(true));
  }
  const withText = median(scored);
  const withoutText = median(plain);
  return {
    textsPerSecond,
    meanTextLength: texts.reduce((sum, t) => sum + t.length, 0) / texts.length,
    flushWithText: withText,
    flushWithoutText: withoutText,
    scoringShare: withText / textsPerSecond,
  };
}

// `npx tsx bench/sentiment.ts`: the scoring line alone, without a database or a running stack.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const texts = benchTexts(50_000);
  const mean = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
  console.log(
    `sentiment scoring: ${Math.round(measureScoring(texts)).toLocaleString('en-US')} texts per CPU second ` +
      `(${texts.length.toLocaleString('en-US')} generated texts, ${Math.round(mean)} chars on average)`,
  );
}
