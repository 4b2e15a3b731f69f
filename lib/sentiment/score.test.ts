import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { labelFor, scoreSentiment } from '@/lib/sentiment';

const s = (text: string): number => scoreSentiment(text).score;

describe('scoreSentiment: lexicon and labels', () => {
  it('scores sentiment words by their lexicon valence', () => {
    expect(s('good')).toBeGreaterThan(0);
    expect(s('bad')).toBeLessThan(0);
    expect(s('excellent')).toBeGreaterThan(s('good'));
    expect(s('hate')).toBeLessThan(s('dislike'));
  });

  it('labels at ±0.05 and keeps the score in -1..1', () => {
    expect(labelFor(0.05)).toBe('positive');
    expect(labelFor(0.0499)).toBe('neutral');
    expect(labelFor(-0.0499)).toBe('neutral');
    expect(labelFor(-0.05)).toBe('negative');
    expect(scoreSentiment('The deploy finished at 14:02 on node 7')).toEqual({ score: 0, label: 'neutral' });
    expect(scoreSentiment('I love this, it is great').label).toBe('positive');
    expect(scoreSentiment('I hate this, it is awful').label).toBe('negative');
    const extreme = s('BEST BEST BEST day ever, love love love it, amazing wonderful perfect!!!!');
    expect(extreme).toBeLessThanOrEqual(1);
    expect(extreme).toBeGreaterThan(0.95);
  });

  it('treats multi-word entries and idioms as one unit', () => {
    expect(s("I can't stand this")).toBeLessThan(0);
    expect(s('the new dashboard is the bomb')).toBeGreaterThan(0);
    expect(s('that release was the kiss of death')).toBeLessThan(0);
    expect(s('yeah right')).toBeLessThan(0);
    expect(s('I feel under the weather')).toBeLessThan(0);
  });

  it('ignores texting codes made of digits, links and @handles', () => {
    expect(s('order 187 shipped')).toBe(0);
    expect(s('@happy see https://great.example.com/?q=awful??')).toBe(0);
    expect(s('mail love@example.com')).toBe(0);
  });
});

describe('scoreSentiment: negation', () => {
  it('flips the valence of a negated word', () => {
    expect(s('good')).toBeGreaterThan(0);
    expect(s('not good')).toBeLessThan(0);
    expect(s("isn't great")).toBeLessThan(0);
    expect(s('never happy')).toBeLessThan(0);
    expect(s('not bad')).toBeGreaterThan(0);
  });

  it('reaches three words back, within the clause', () => {
    expect(s('this is not a very good fix')).toBeLessThan(0);
    expect(s('Not really. The support was great')).toBeGreaterThan(0);
    expect(s('Not really, the support was great')).toBeGreaterThan(0);
    expect(s('not really great')).toBeLessThan(0);
  });

  it('handles the exceptions VADER knows', () => {
    expect(s('never so good')).toBeGreaterThan(s('so good'));
    expect(s('Without a doubt, excellent idea')).toBeGreaterThan(0);
    expect(s('the least helpful agent')).toBeLessThan(0);
    expect(s('at least helpful')).toBeGreaterThan(0);
  });

  it('reads "no" before a sentiment word as a determiner that negates it, within the clause', () => {
    expect(s('no problem')).toBeGreaterThan(0);
    expect(s('no problems since the update')).toBeGreaterThan(0);
    expect(s('the login page is no good')).toBeLessThan(0);
    expect(s('no help or support')).toBeLessThan(0);
    // "no" stays a negative word of its own when no sentiment word follows it in the clause.
    expect(s('no')).toBeLessThan(0);
    expect(s('Still no refund, terrible support')).toBeLessThan(s('terrible support'));
    expect(s('no, great')).toBeLessThan(s('great'));
  });

  it('reads contractions written with any apostrophe, in any case', () => {
    expect(s('isn’t great')).toBe(s("isn't great"));
    expect(s('Not good')).toBe(s('not good'));
    expect(s('dont like it')).toBeLessThan(0);
  });
});

describe('scoreSentiment: degree adverbs', () => {
  it('boosters raise and dampeners lower the intensity', () => {
    expect(s('very good')).toBeGreaterThan(s('good'));
    expect(s('extremely bad')).toBeLessThan(s('bad'));
    expect(s('kind of good')).toBeLessThan(s('good'));
    expect(s('kind of good')).toBeGreaterThan(0);
    expect(s('sort of bad')).toBeGreaterThan(s('bad'));
    expect(s('slightly annoying')).toBeGreaterThan(s('annoying'));
  });

  it('weakens with distance', () => {
    expect(s('very good')).toBeGreaterThan(s('very much good'));
    expect(s('very much good')).toBeGreaterThan(s('good'));
  });

  it('reads stretched words as emphasis', () => {
    expect(s('goooood')).toBeGreaterThan(s('good'));
    expect(s('sooo good')).toBe(s('so good'));
    expect(s('noooo this is baaad')).toBeLessThan(s('this is bad'));
  });
});

describe('scoreSentiment: contrast', () => {
  it('lets the clause after "but" dominate', () => {
    const mixed = s('The food was great but the service was awful');
    expect(mixed).toBeLessThan(0);
    expect(mixed).toBeLessThan(s('The food was great'));
    expect(s('The service was awful but the food was great')).toBeGreaterThan(0);
  });

  it('keeps "but" inside its sentence; a sentence that opens with "But" answers the one before', () => {
    // A "but" in the second sentence does not halve the first: the outage stays the news.
    expect(scoreSentiment('The outage was terrible. The fix is good but late').label).toBe('negative');
    expect(s('Great food. But the service was awful.')).toBeLessThan(0);
    expect(s('Great food. But the service was awful.')).toBe(s('Great food but the service was awful'));
  });
});

describe('scoreSentiment: capitals and punctuation', () => {
  it('counts ALL-CAPS words as emphasis only among lower-case ones', () => {
    expect(s('The food was GOOD')).toBeGreaterThan(s('The food was good'));
    expect(s('The food was BAD')).toBeLessThan(s('The food was bad'));
    expect(s('The food was VERY good')).toBeGreaterThan(s('The food was very good'));
    expect(s('I LOVE IT')).toBe(s('i love it'));
    // As in VADER, every piece of the text counts: a lower-case handle makes "GREAT" stand out.
    expect(s('GREAT @bob')).toBeGreaterThan(s('great @bob'));
  });

  it('amplifies with exclamation marks, up to four', () => {
    expect(s('GOOD!!!')).toBeGreaterThan(s('good'));
    expect(s('good!')).toBeGreaterThan(s('good'));
    expect(s('good!!!')).toBeGreaterThan(s('good!'));
    expect(s('good!!!!!!!!')).toBe(s('good!!!!'));
    expect(s('bad!!!')).toBeLessThan(s('bad'));
    expect(s('the server rebooted!!!')).toBe(0);
  });

  it('amplifies with two or more question marks, not one', () => {
    expect(s('good?')).toBe(s('good'));
    expect(s('good??')).toBeGreaterThan(s('good'));
    expect(s('why is it so slow and awful???')).toBeLessThan(s('why is it so slow and awful'));
  });
});

describe('scoreSentiment: emoji and emoticons', () => {
  it('scores emoji by their names and keywords', () => {
    expect(s('ok 😀')).toBeGreaterThan(s('ok'));
    expect(s('ok')).toBeGreaterThan(s('ok 😡'));
    expect(s('😍')).toBeGreaterThan(0);
    expect(s('😭')).toBeLessThan(0);
    expect(s('👍')).toBeGreaterThan(0);
    expect(s('👎')).toBeLessThan(0);
    expect(s('💔')).toBeLessThan(0);
    expect(s('deploy done 🎉')).toBeGreaterThan(s('deploy done'));
  });

  it('reads emoji glued to words, with skin tones, variation selectors or ZWJ', () => {
    expect(s('great😀')).toBeGreaterThan(s('great'));
    expect(s('👍🏽')).toBe(s('👍'));
    expect(s('❤️')).toBe(s('❤'));
    expect(s('ok ❤')).toBeGreaterThan(s('ok'));
    // A ZWJ sequence the data does not know falls back to its first emoji.
    expect(s('😀\u200d🙂')).toBe(s('😀'));
  });

  it('leaves flags and text symbols neutral and emoji outside negation', () => {
    expect(s('🇫🇷 🇺🇸')).toBe(0);
    expect(s('© ® ™')).toBe(0);
    expect(s('not 😀')).toBeGreaterThan(0);
  });

  it('reads common emoticons the lexicon lacks as the rated face they match', () => {
    expect(s('=(')).toBe(s(':('));
    expect(s('T_T')).toBe(s(":'("));
    expect(s(';_;')).toBeLessThan(0);
    expect(s('^_^')).toBe(s(':)'));
    expect(s('-_-')).toBeLessThan(0);
    expect(s('>_<')).toBeLessThan(0);
  });

  it('scores emoticons, glued or stretched', () => {
    expect(s(':)')).toBeGreaterThan(0);
    expect(s(':-(')).toBeLessThan(0);
    expect(s(':D')).toBeGreaterThan(0);
    expect(s('<3')).toBeGreaterThan(0);
    expect(s('</3')).toBeLessThan(0);
    expect(s('thanks:)')).toBeGreaterThan(s('thanks'));
    expect(s(':)))')).toBeGreaterThan(s(':)'));
    expect(s('ok :(')).toBeLessThan(s('ok'));
    expect(s('(see above):')).toBe(0);
  });
});

describe('scoreSentiment: social-media text', () => {
  it('decodes HTML entities, as tweets and feeds deliver text', () => {
    expect(s('I &lt;3 it')).toBe(s('I <3 it'));
    expect(s('Billing &amp; support were terrible')).toBe(s('Billing & support were terrible'));
    expect(s('&quot;great&quot;')).toBe(s('"great"'));
    expect(s('&#128077;')).toBe(s('👍'));
    expect(s('AT&T &unknown; fine')).toBe(s('AT&T fine'));
  });

  it('reads laughter of any length', () => {
    expect(s('hahahaha')).toBe(s('hahaha'));
    expect(s('ahahah')).toBeGreaterThan(0);
    expect(s('hehe')).toBe(s('haha'));
    expect(s('lolol')).toBe(s('lol'));
    expect(s('hat')).toBe(0);
  });

  it('reads "like" after a linking verb as a comparison, not as liking', () => {
    expect(s('it looks like the server restarted')).toBe(0);
    expect(s("it's like that")).toBe(0);
    expect(s('I like the new search')).toBeGreaterThan(0);
    expect(s('I kinda like it')).toBeGreaterThan(0);
  });

  it('reads hashtags as words', () => {
    expect(s('#fail')).toBe(s('fail'));
    expect(s('Another outage #fail')).toBeLessThan(0);
  });
});

describe('scoreSentiment: edge cases', () => {
  it('scores empty and blank text as neutral 0', () => {
    expect(scoreSentiment('')).toEqual({ score: 0, label: 'neutral' });
    expect(scoreSentiment('   \n\t\u00a0 ')).toEqual({ score: 0, label: 'neutral' });
    expect(scoreSentiment('!!! ??? ...')).toEqual({ score: 0, label: 'neutral' });
  });

  it('handles a 10,000-character text quickly, and far longer ones', () => {
    const huge = 'The rollout was slow but support was helpful. '.repeat(220).slice(0, 10_000);
    const started = performance.now();
    const result = scoreSentiment(huge);
    expect(performance.now() - started).toBeLessThan(200);
    expect(result.score).toBeGreaterThanOrEqual(-1);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(s('bad '.repeat(50_000))).toBe(-1);
  });

  it('survives malformed and unusual Unicode', () => {
    expect(s('\ud83d good \udc00')).toBe(s('good'));
    expect(s('ｇｏｏｄ')).toBe(s('good'));
    expect(s('𝐠𝐨𝐨𝐝')).toBe(s('good'));
    expect(s('go\u200bod')).toBe(s('good'));
    expect(s('not\u00a0good')).toBe(s('not good'));
    expect(s('“great”')).toBe(s('great'));
    expect(s('サーバーが落ちた')).toBe(0);
  });

  it('is deterministic', () => {
    const text = 'Honestly NOT great :( but the fix was fast 👍!!';
    expect(scoreSentiment(text)).toEqual(scoreSentiment(text));
  });

  it('prints its throughput', () => {
    const texts = [
      'The app keeps crashing when I upload photos, really frustrating!!',
      'Thanks for the quick fix, you guys are great :)',
      'Order #1234 arrived late but the support team was kind',
      'not sure this is working as intended?',
      'LOVE the new dashboard 😍',
      'Worst update ever. Nothing loads.',
      'ok',
      'The invoice was sent on Tuesday.',
    ];
    const rounds = 2_500;
    let checksum = 0;
    const started = performance.now();
    for (let round = 0; round < rounds; round += 1) for (const text of texts) checksum += s(text);
    const seconds = (performance.now() - started) / 1000;
    const perSecond = Math.round((rounds * texts.length) / seconds);
    console.log(
      `sentiment throughput: ${perSecond.toLocaleString('en-US')} texts/s (checksum ${checksum.toFixed(1)})`,
    );
    expect(perSecond).toBeGreaterThan(1_000);
  });
});
