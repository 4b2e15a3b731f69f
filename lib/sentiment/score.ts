import { emojiKey } from './lexicon';
import { lexicon } from './instance';
import {
  AFTER_BUT_WEIGHT,
  BEFORE_BUT_WEIGHT,
  BOOSTERS,
  CAPS_INCREMENT,
  DISTANCE_DECAY,
  EXCLAMATION_INCREMENT,
  LABEL_THRESHOLD,
  MAX_EXCLAMATIONS,
  MAX_QUESTION_EMPHASIS,
  NEGATION_SCALAR,
  NEGATIONS,
  NEVER_SO_WEIGHT,
  NORMALISATION_ALPHA,
  QUESTION_INCREMENT,
  SPECIAL_CASES,
} from './rules';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export type SentimentScore = {
  /** Compound score in -1..1 (VADER's normalised sum of valences), rounded to 4 decimals. */
  score: number;
  /** positive at score ≥ 0.05, negative at score ≤ -0.05, neutral between. */
  label: SentimentLabel;
};

/** The label of a compound score. */
export function labelFor(score: number): SentimentLabel {
  if (score >= LABEL_THRESHOLD) return 'positive';
  if (score <= -LABEL_THRESHOLD) return 'negative';
  return 'neutral';
}

/** Anything but whitespace and printable ASCII: only such text needs Unicode normalisation. */
const NEEDS_NORMALISING = /[^\s!-~]/;
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032\uff07]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u2033]/g;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}/u;
const INVISIBLE = /[\u00ad\u200b\u200c\u2060\ufeff]/g;
const HAS_EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]/u;
const EMOJI_SEQUENCE =
  /\p{Regional_Indicator}{2}|[#*0-9]\ufe0f?\u20e3|\p{Extended_Pictographic}[\ufe0e\ufe0f]?\p{Emoji_Modifier}?(?:\u200d\p{Extended_Pictographic}[\ufe0e\ufe0f]?\p{Emoji_Modifier}?)*[\u{e0020}-\u{e007f}]*/gu;
/** Python's string.punctuation, stripped from both ends of a token. */
const EDGE_PUNCTUATION = /^[!-/:-@[-`{-~]+|[!-/:-@[-`{-~]+$/g;

/**
 * A pictograph is read as an emoji when it is drawn as one by default, asks for emoji presentation
 * (U+FE0F), or comes from the blocks people type as pictures without it (☺ ❤ ✌ ☹, U+2600–U+27BF).
 * Text symbols such as © ® ™ and arrows are left as punctuation.
 */
function isEmojiSequence(sequence: string): boolean {
  if (sequence.length > 2 || EMOJI_PRESENTATION.test(sequence) || sequence.includes('\ufe0f')) return true;
  const codePoint = sequence.codePointAt(0) ?? 0;
  return codePoint >= 0x1f000 || (codePoint >= 0x2600 && codePoint <= 0x27bf);
}

/**
 * NFKC folds full-width and "fancy" letters (𝐠𝐨𝐨𝐝 → good); apostrophes become ASCII for "isn't". Each
 * emoji is set apart by spaces, as VADER does when it puts an emoji's description in its place.
 */
function prepareText(text: string): string {
  if (!NEEDS_NORMALISING.test(text)) return text;
  const folded = text
    .normalize('NFKC')
    .replace(APOSTROPHES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(INVISIBLE, '');
  if (!HAS_EMOJI.test(folded)) return folded;
  return folded.replace(EMOJI_SEQUENCE, (sequence) => {
    if (!isEmojiSequence(sequence)) return sequence;
    const key = emojiKey(sequence);
    if (lexicon.emoji.has(key)) return ` ${key} `;
    // An unknown ZWJ sequence ("👩‍🦰") falls back to its base emoji.
    const base = String.fromCodePoint(key.codePointAt(0) ?? 0);
    return lexicon.emoji.has(base) ? ` ${base} ` : sequence;
  });
}

/** VADER's `_strip_punc_if_word`: edge punctuation goes unless two characters or fewer would remain (":)"). */
function stripPunctuationIfWord(token: string): string {
  const stripped = token.replace(EDGE_PUNCTUATION, '');
  return stripped.length <= 2 ? token : stripped;
}

/** Python's str.isupper(): some cased character and no lower-case one ("GOOD", "I", ":D"). */
function isUpper(token: string): boolean {
  return token !== token.toLowerCase() && token === token.toUpperCase();
}

/** VADER's `allcap_differential`: some tokens, but not all, are ALL CAPS. */
function allCapDifferential(tokens: readonly string[]): boolean {
  let upper = 0;
  for (const token of tokens) if (isUpper(token)) upper += 1;
  return upper > 0 && upper < tokens.length;
}

/** A lexicon word's valence, or an emoji's (emoji stand for their description's words). */
function valenceOf(lower: string): number | undefined {
  const word = lexicon.words.get(lower);
  if (word !== undefined || !HAS_EMOJI.test(lower) || !isEmojiSequence(lower)) return word;
  return lexicon.emoji.get(lower);
}

/** VADER's `negated` on one word: a negator or any word containing "n't". */
function isNegated(lower: string): boolean {
  return NEGATIONS.has(lower) || lower.includes("n't");
}

type Sentence = {
  readonly tokens: readonly string[];
  readonly lower: readonly string[];
  readonly capsDifferential: boolean;
};

/**
 * Scores how positive or negative a text reads with VADER's rules (vaderSentiment 3.3.2
 * `polarity_scores`): lexicon valences adjusted for "no", negation, degree adverbs, special-case idioms,
 * "least", "but", capitals, "!" and "?". Pure and deterministic; linear in the length of the text.
 */
export function scoreSentiment(text: string): SentimentScore {
  const prepared = prepareText(text).trim();
  const tokens = prepared === '' ? [] : prepared.split(/\s+/).map(stripPunctuationIfWord);
  const lower = tokens.map((token) => token.toLowerCase());
  const sentence: Sentence = { tokens, lower, capsDifferential: allCapDifferential(tokens) };
  const valences = tokens.map((_, i) => {
    const word = lower[i] ?? '';
    if (BOOSTERS.has(word)) return 0;
    if (word === 'kind' && lower[i + 1] === 'of') return 0;
    return sentimentValence(sentence, i);
  });
  weighContrast(lower, valences);
  let sum = 0;
  for (const valence of valences) sum += valence;
  const emphasis = punctuationEmphasis(prepared);
  if (sum > 0) sum += emphasis;
  else if (sum < 0) sum -= emphasis;
  // "+ 0" turns -0 into 0.
  const score = Math.round(normalise(sum) * 10_000) / 10_000 + 0;
  return { score, label: labelFor(score) };
}

/** VADER's `sentiment_valence` for the token at i (0 for words outside the lexicon). */
function sentimentValence({ tokens, lower, capsDifferential }: Sentence, i: number): number {
  const word = lower[i] ?? '';
  const own = valenceOf(word);
  if (own === undefined) return 0;
  let valence = own;
  // "no" right before a lexicon word negates it instead of counting as a word of its own.
  if (word === 'no' && i < tokens.length - 1 && valenceOf(lower[i + 1] ?? '') !== undefined) valence = 0;
  if (
    lower[i - 1] === 'no' ||
    lower[i - 2] === 'no' ||
    (lower[i - 3] === 'no' && (lower[i - 1] === 'or' || lower[i - 1] === 'nor'))
  ) {
    valence = own * NEGATION_SCALAR;
  }
  if (isUpper(tokens[i] ?? '') && capsDifferential) {
    valence += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
  }
  for (let start = 0; start < 3; start += 1) {
    const j = i - (start + 1);
    // A lexicon word in between is a word of its own, not a modifier.
    if (j < 0 || valenceOf(lower[j] ?? '') !== undefined) continue;
    let scalar = scalarIncDec(tokens[j] ?? '', valence, capsDifferential);
    if (scalar !== 0) scalar *= DISTANCE_DECAY[start] ?? 1;
    valence = negationCheck(valence + scalar, lower, start, i);
    if (start === 2) valence = specialIdiomsCheck(valence, lower, i);
  }
  return leastCheck(valence, lower, i);
}

/** VADER's `scalar_inc_dec`: what a degree adverb adds, plus capitals emphasis on the adverb itself. */
function scalarIncDec(token: string, valence: number, capsDifferential: boolean): number {
  let scalar = BOOSTERS.get(token.toLowerCase()) ?? 0;
  if (scalar === 0) return 0;
  if (valence < 0) scalar = -scalar;
  if (isUpper(token) && capsDifferential) scalar += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
  return scalar;
}

const isSoOrThis = (word: string | undefined): boolean => word === 'so' || word === 'this';

/** VADER's `_negation_check` for the word `start + 1` positions back, with "never so" and "without doubt". */
function negationCheck(valence: number, lower: readonly string[], start: number, i: number): number {
  const back = (k: number): string => lower[i - k] ?? '';
  if (start === 0) return isNegated(back(1)) ? valence * NEGATION_SCALAR : valence;
  if (start === 1) {
    if (back(2) === 'never' && isSoOrThis(back(1))) return valence * NEVER_SO_WEIGHT;
    if (back(2) === 'without' && back(1) === 'doubt') return valence;
    return isNegated(back(2)) ? valence * NEGATION_SCALAR : valence;
  }
  if ((back(3) === 'never' && isSoOrThis(back(2))) || isSoOrThis(back(1))) return valence * NEVER_SO_WEIGHT;
  if (back(3) === 'without' && (back(2) === 'doubt' || back(1) === 'doubt')) return valence;
  return isNegated(back(3)) ? valence * NEGATION_SCALAR : valence;
}

/** VADER's `_special_idioms_check` (run when the look-back reaches three words) and its "kind of" bigrams. */
function specialIdiomsCheck(valence: number, lower: readonly string[], i: number): number {
  const at = (k: number): string => lower[i + k] ?? '';
  const twoOne = `${at(-2)} ${at(-1)}`;
  const threeTwoOne = `${at(-3)} ${twoOne}`;
  const threeTwo = `${at(-3)} ${at(-2)}`;
  const preceding = [`${at(-1)} ${at(0)}`, `${twoOne} ${at(0)}`, twoOne, threeTwoOne, threeTwo];
  let result = valence;
  const known = preceding.find((sequence) => SPECIAL_CASES.has(sequence));
  if (known !== undefined) result = SPECIAL_CASES.get(known) ?? result;
  if (lower.length - 1 > i) result = SPECIAL_CASES.get(`${at(0)} ${at(1)}`) ?? result;
  if (lower.length - 1 > i + 1) result = SPECIAL_CASES.get(`${at(0)} ${at(1)} ${at(2)}`) ?? result;
  for (const gram of [threeTwoOne, threeTwo, twoOne])
    result += gram.includes(' ') ? (BOOSTERS.get(gram) ?? 0) : 0;
  return result;
}

/** VADER's `_least_check`: "the least helpful" negates; "at least" and "very least" do not. */
function leastCheck(valence: number, lower: readonly string[], i: number): number {
  if (i === 0 || lower[i - 1] !== 'least' || valenceOf('least') !== undefined) return valence;
  if (i === 1) return valence * NEGATION_SCALAR;
  return lower[i - 2] === 'at' || lower[i - 2] === 'very' ? valence : valence * NEGATION_SCALAR;
}

/** VADER's `_but_check`: after the first "but" 1.5×, before it 0.5× (by position). */
function weighContrast(lower: readonly string[], valences: number[]): void {
  const but = lower.indexOf('but');
  if (but === -1) return;
  for (let i = 0; i < valences.length; i += 1) {
    if (i === but) continue;
    valences[i] = (valences[i] ?? 0) * (i < but ? BEFORE_BUT_WEIGHT : AFTER_BUT_WEIGHT);
  }
}

/** VADER's `_punctuation_emphasis`: every "!" and "?" in the text counts. */
function punctuationEmphasis(text: string): number {
  let exclamations = 0;
  let questions = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 33) exclamations += 1;
    else if (code === 63) questions += 1;
  }
  let fromQuestions = 0;
  if (questions > 3) fromQuestions = MAX_QUESTION_EMPHASIS;
  else if (questions > 1) fromQuestions = questions * QUESTION_INCREMENT;
  return Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_INCREMENT + fromQuestions;
}

function normalise(sum: number): number {
  return Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA)));
}
