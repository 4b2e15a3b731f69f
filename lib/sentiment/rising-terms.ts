import { sentimentTerms } from './terms';
import type { RisingTerm } from '@/contracts/responses/sentiment';

/** Each text's distinct terms counted once: term → number of texts that mention it. */
export function termCounts(texts: Iterable<string>): { counts: Map<string, number>; texts: number } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const text of texts) {
    total += 1;
    for (const term of sentimentTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return { counts, texts: total };
}

/**
 * The terms whose share among negative texts rose most, recent period against the earlier one. A term
 * needs `minCount` recent texts, so one rant does not make a trend; ties go to the more frequent term.
 */
export function risingTerms(
  recent: Iterable<string>,
  previous: Iterable<string>,
  options: { limit?: number; minCount?: number } = {},
): RisingTerm[] {
  const { limit = 10, minCount = 2 } = options;
  const now = termCounts(recent);
  const before = termCounts(previous);
  if (now.texts === 0) return [];
  const out: RisingTerm[] = [];
  for (const [term, count] of now.counts) {
    if (count < minCount) continue;
    const recentShare = count / now.texts;
    const previousShare = before.texts === 0 ? 0 : (before.counts.get(term) ?? 0) / before.texts;
    const rise = recentShare - previousShare;
    if (rise <= 0) continue;
    out.push({ term, recentCount: count, recentShare, previousShare, rise });
  }
  out.sort((a, b) => b.rise - a.rise || b.recentCount - a.recentCount || (a.term < b.term ? -1 : 1));
  return out.slice(0, limit);
}
