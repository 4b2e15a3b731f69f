import { describe, expect, it } from 'vitest';
import {
  emojiKey,
  emojiValences,
  isEmoticonEntry,
  loadLexicon,
  parseVaderLexicon,
} from '@/lib/sentiment/lexicon';

describe('parseVaderLexicon', () => {
  it('reads token and mean valence, skips junk, lets a repeated token’s last line win', () => {
    const words = parseVaderLexicon(
      'good\t1.9\t0.9\t[2, 2]\r\n:)\t2.0\t1.2\t[2]\nbad\t-2.5\nok\t1.6\t0\t[]\nok\t1.2\t0\t[]\nnoise\n',
    );
    expect([...words]).toEqual([
      ['good', 1.9],
      [':)', 2],
      ['bad', -2.5],
      ['ok', 1.2],
    ]);
  });
});

describe('emoji data', () => {
  it('averages the valence of the distinct lexicon words among an emoji’s keywords; skips flags', () => {
    const words = new Map([
      ['grinning', 1.5],
      ['happy', 2.7],
      ['angry', -2.3],
    ]);
    const valences = emojiValences(
      { '😀': ['grinning_face', 'happy', 'face', 'happy'], '😡': ['angry'], '🪨': ['rock'], '🇫🇷': ['happy'] },
      words,
    );
    expect(valences.get('😀')).toBeCloseTo(2.1, 12);
    expect(valences.get('😡')).toBe(-2.3);
    expect(valences.has('🪨')).toBe(false);
    expect(valences.has('🇫🇷')).toBe(false);
  });

  it('does not rate emoji by texting codes spelled like their keywords ("hand" = have a nice day)', () => {
    const words = new Map([
      ['hand', 2.2],
      ['stop', -1.2],
    ]);
    expect(emojiValences({ '✋': ['raised_hand', 'hand', 'stop'] }, words).get('✋')).toBe(-1.2);
  });

  it('keys emoji without variation selectors or skin tones', () => {
    expect(emojiKey('❤️')).toBe('❤');
    expect(emojiKey('👍🏿')).toBe('👍');
  });

  it('tells emoticons from words', () => {
    expect(isEmoticonEntry(':-)')).toBe(true);
    expect(isEmoticonEntry('<3')).toBe(true);
    expect(isEmoticonEntry(':d')).toBe(true);
    expect(isEmoticonEntry('gr8')).toBe(false);
    expect(isEmoticonEntry("can't stand")).toBe(false);
  });

  it('loads the shipped lexicons: thousands of words, emoticons and emoji', () => {
    const lexicon = loadLexicon();
    expect(lexicon.words.size).toBeGreaterThan(7_000);
    expect(lexicon.words.get('good')).toBe(1.9);
    expect(lexicon.emoticons.has(':)')).toBe(true);
    expect(lexicon.emoji.size).toBeGreaterThan(500);
    expect(lexicon.phraseValences.get("can't stand")).toBeLessThan(0);
    expect(lexicon.words.has('187')).toBe(false);
    // Emoticons the lexicon lacks take the rating of the face they match.
    expect(lexicon.words.get('=(')).toBe(lexicon.words.get(':('));
    expect(lexicon.emoticons.has('t_t')).toBe(true);
  });
});
