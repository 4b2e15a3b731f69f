import { readFileSync } from 'node:fs';
import { EMOTICON_ALIASES, IDIOMS, INITIALISMS_NOT_FOR_EMOJI } from './rules';

/** A multi-word expression scored as one unit ("can't stand", "kiss of death"). */
export type Phrase = { readonly words: readonly string[]; readonly valence: number };

export type SentimentLexicon = {
  /** Token → valence on VADER's -4..4 scale. Keys as written in the lexicon: emoticons are case-sensitive. */
  readonly words: ReadonlyMap<string, number>;
  /** The lexicon entries that are emoticons (":)", ":-(", "<3"): scored, but never negated or boosted. */
  readonly emoticons: ReadonlySet<string>;
  /** Phrases indexed by their first word. */
  readonly phrases: ReadonlyMap<string, readonly Phrase[]>;
  /** Phrase (words joined by one space) → valence. */
  readonly phraseValences: ReadonlyMap<string, number>;
  /** Emoji (see {@link emojiKey}) → valence on the same scale. */
  readonly emoji: ReadonlyMap<string, number>;
};

/** Parses vader_lexicon.txt: `token <TAB> mean valence <TAB> sd <TAB> ratings`; a repeated token's last line wins. */
export function parseVaderLexicon(text: string): Map<string, number> {
  const words = new Map<string, number>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const end = line.indexOf('\t', tab + 1);
    const valence = Number(line.slice(tab + 1, end === -1 ? undefined : end));
    if (Number.isFinite(valence)) words.set(line.slice(0, tab), valence);
  }
  return words;
}

const DIGITS_ONLY = /^\d+$/;
const EMOTICON_SHAPE = /[^\p{L}\p{N}' -]/u;
const LETTER_RUN = /\p{L}{2}/u;

/** Punctuation faces, not words: they carry a symbol and no run of two letters (":-d" yes, "gr8" no). */
export function isEmoticonEntry(token: string): boolean {
  return EMOTICON_SHAPE.test(token) && !LETTER_RUN.test(token) && !token.includes(' ');
}

const PRESENTATION_AND_SKIN_TONE = /\uFE0E|\uFE0F|\p{Emoji_Modifier}/gu;
const REGIONAL_INDICATOR = /\p{Regional_Indicator}/u;

/** The look-up key of an emoji: variation selectors and skin tones removed (they change looks, not meaning). */
export function emojiKey(sequence: string): string {
  return sequence.replace(PRESENTATION_AND_SKIN_TONE, '');
}

/**
 * VADER scores an emoji by the words of its description ("grinning face"); emojilib gives each emoji its
 * CLDR name plus the words people use for it ("pouting face", "angry", "mad", "hate"). An emoji's valence
 * is the mean valence of the distinct lexicon words among those. Flags name countries, not feelings.
 */
export function emojiValences(
  keywordsByEmoji: Readonly<Record<string, readonly string[]>>,
  words: ReadonlyMap<string, number>,
): Map<string, number> {
  const valences = new Map<string, number>();
  for (const [emoji, keywords] of Object.entries(keywordsByEmoji)) {
    if (REGIONAL_INDICATOR.test(emoji)) continue;
    const distinct = new Set(keywords.flatMap((keyword) => keyword.toLowerCase().split(/[\s_-]+/)));
    let sum = 0;
    let count = 0;
    for (const word of distinct) {
      if (INITIALISMS_NOT_FOR_EMOJI.has(word)) continue;
      const valence = words.get(word);
      if (valence === undefined) continue;
      sum += valence;
      count += 1;
    }
    if (count > 0 && sum !== 0) valences.set(emojiKey(emoji), sum / count);
  }
  return valences;
}

function isKeywordTable(value: unknown): value is Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (keywords) => Array.isArray(keywords) && keywords.every((keyword) => typeof keyword === 'string'),
  );
}

/** The lexicon's multi-word entries and the idioms (which win), indexed by first word. */
function buildPhrases(words: ReadonlyMap<string, number>): {
  phrases: Map<string, Phrase[]>;
  phraseValences: Map<string, number>;
} {
  const valences = new Map<string, number>();
  for (const [entry, valence] of words) if (entry.includes(' ')) valences.set(entry, valence);
  for (const [idiom, valence] of IDIOMS) valences.set(idiom, valence);
  const phrases = new Map<string, Phrase[]>();
  for (const [text, valence] of valences) {
    const parts = text.split(' ');
    const first = parts[0] ?? '';
    const list = phrases.get(first) ?? [];
    list.push({ words: parts, valence });
    // Longest first, so "kiss of death" is tried before any shorter phrase with the same first word.
    list.sort((a, b) => b.words.length - a.words.length);
    phrases.set(first, list);
  }
  return { phrases, phraseValences: valences };
}

/**
 * A file of an installed package, found by Node's own resolver. Taken through process.getBuiltinModule so
 * that bundlers leave it alone: Turbopack turns a visible require.resolve into a module id (the Next.js
 * route handlers read the lexicon too, for the rising terms).
 */
function resolvePackageFile(specifier: string): string {
  const { createRequire } = process.getBuiltinModule('node:module');
  return createRequire(import.meta.url).resolve(specifier);
}

/**
 * Loads the lexicons shipped in npm packages, once per process: the VADER lexicon (vader-sentiment,
 * vader_lexicon.txt, 7,500 tokens rated by ten people each) and emojilib's keywords per emoji.
 */
export function loadLexicon(): SentimentLexicon {
  const words = parseVaderLexicon(
    readFileSync(resolvePackageFile('vader-sentiment/vader_lexicon.txt'), 'utf8'),
  );
  // Texting codes made of digits only ("143", "187") are order numbers and counts in ops text.
  for (const entry of words.keys()) if (DIGITS_ONLY.test(entry)) words.delete(entry);
  const keywords: unknown = JSON.parse(
    readFileSync(resolvePackageFile('emojilib/dist/emoji-en-US.json'), 'utf8'),
  );
  if (!isKeywordTable(keywords))
    throw new Error('emojilib: emoji-en-US.json is not an emoji → keywords table');
  for (const [alias, same] of EMOTICON_ALIASES) {
    const valence = words.get(same);
    if (valence !== undefined && !words.has(alias)) words.set(alias, valence);
  }
  const emoticons = new Set([...words.keys()].filter(isEmoticonEntry));
  return { words, emoticons, ...buildPhrases(words), emoji: emojiValences(keywords, words) };
}
