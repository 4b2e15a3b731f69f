import { describe, expect, it } from 'vitest';
import { sentimentTerms } from '@/lib/sentiment';

describe('sentimentTerms', () => {
  it('keeps normalised content words once, in order, without stop words', () => {
    expect(
      sentimentTerms(
        'The refund process is TERRIBLE!!! Still waiting on my refund, @acme https://acme.example/t/1',
      ),
    ).toEqual(['refund', 'process', 'terrible', 'still', 'waiting']);
  });

  it('drops negators, degree adverbs, numbers, emoji and emoticons', () => {
    expect(sentimentTerms("I don't really like the new checkout 😡 :( 404 again")).toEqual([
      'like',
      'new',
      'checkout',
    ]);
  });

  it('normalises stretched letters, hashtags, possessives and phrases', () => {
    expect(sentimentTerms("Sooo baaad #outage on Stripe's API, can't stand it")).toEqual([
      'bad',
      'outage',
      'stripe',
      'api',
      'stand',
    ]);
  });

  it('returns nothing for empty or symbol-only text', () => {
    expect(sentimentTerms('')).toEqual([]);
    expect(sentimentTerms('!!! 👍 :)')).toEqual([]);
  });
});
