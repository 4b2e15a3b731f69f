import { describe, expect, it } from 'vitest';
import { scoreSentiment } from '@/lib/sentiment';
import { devSet, knownMisses } from '@/test/fixtures/sentiment-dev-set';

describe('hand-written development set', () => {
  it.each(devSet.map((sentence) => [sentence.rule, sentence.text, sentence.label] as const))(
    '%s: "%s" reads %s',
    (_rule, text, label) => {
      expect(scoreSentiment(text).label).toBe(label);
    },
  );

  it.each(knownMisses.map((sentence) => [sentence.text, sentence.label, sentence.why] as const))(
    'still misses "%s" (reader: %s; %s)',
    (text, label) => {
      expect(scoreSentiment(text).label).not.toBe(label);
    },
  );
});
