import { lexicon, tokenizer } from './instance';
import {
  AFTER_BUT_WEIGHT,
  BEFORE_BUT_WEIGHT,
  BOOSTER_INCREMENT,
  BOOSTERS,
  CAPS_INCREMENT,
  DISTANCE_DECAY,
  EXCLAMATION_INCREMENT,
  LABEL_THRESHOLD,
  LIKE_AS_PREPOSITION_AFTER,
  MAX_EXCLAMATIONS,
  MAX_QUESTION_EMPHASIS,
  NEGATION_SCALAR,
  NEGATIONS,
  NEVER_SO_WEIGHT,
  NORMALISATION_ALPHA,
  QUESTION_INCREMENT,
} from './rules';
import type { Token } from './tokenize';

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

/**
 * Scores how positive or negative a text reads, the VADER way: lexicon valences adjusted for negation,
 * degree adverbs, "but", capitals, "!" and "?", plus emoji and emoticons. Pure and deterministic; the
 * cost is linear in the length of the text.
 */
export function scoreSentiment(text: string): SentimentScore {
  const { tokens, exclamations, questions, capsDifferential } = tokenizer.tokenize(text);
  const valences = tokens.map((_, i) => valenceAt(tokens, i, capsDifferential));
  weighContrast(tokens, valences);
  let sum = 0;
  for (const valence of valences) sum += valence;
  const emphasis = punctuationEmphasis(exclamations, questions);
  if (sum > 0) sum += emphasis;
  else if (sum < 0) sum -= emphasis;
  // "+ 0" turns -0 into 0.
  const score = Math.round(normalise(sum) * 10_000) / 10_000 + 0;
  return { score, label: labelFor(score) };
}

function ownValence(token: Token | undefined): number | undefined {
  switch (token?.kind) {
    case 'word':
    case 'emoticon':
      return lexicon.words.get(token.norm);
    case 'phrase':
      return lexicon.phraseValences.get(token.norm);
    case 'emoji':
      return lexicon.emoji.get(token.norm);
    default:
      return undefined;
  }
}

const normOf = (tokens: readonly Token[], i: number): string => tokens[i]?.norm ?? '';
const isSoOrThis = (word: string): boolean => word === 'so' || word === 'this';
const isWord = (token: Token | undefined, word: string): boolean =>
  token?.kind === 'word' && token.norm === word;

function isNegation(token: Token | undefined): boolean {
  return token?.kind === 'word' && (NEGATIONS.has(token.norm) || token.norm.includes("n't"));
}

/** The valence token i contributes before the "but" weighting. */
function valenceAt(tokens: readonly Token[], i: number, capsDifferential: boolean): number {
  const token = tokens[i];
  const own = ownValence(token);
  if (token === undefined || own === undefined || own === 0) return 0;
  // Emoji and emoticons sit outside the clause's syntax: no negation, degree adverb or capitals reach them.
  if (token.kind === 'emoji' || token.kind === 'emoticon') {
    return token.elongated ? own + Math.sign(own) * BOOSTER_INCREMENT : own;
  }
  if (BOOSTERS.has(token.norm)) return 0;
  if (token.norm === 'kind' && normOf(tokens, i + 1) === 'of') return 0;
  if (token.norm === 'like' && isPrepositionLike(tokens, i)) return 0;
  // "no problem", "no good": "no" is a determiner that negates the next word, not a word of its own.
  if (token.norm === 'no' && !token.clauseEnd && isSentimentWord(tokens[i + 1])) return 0;

  let valence = negatedByNo(tokens, i) ? own * NEGATION_SCALAR : own;
  if (token.shouting && capsDifferential) valence += Math.sign(valence) * CAPS_INCREMENT;
  if (token.elongated) valence += Math.sign(valence) * BOOSTER_INCREMENT;
  for (let distance = 1; distance <= 3 && i - distance >= 0; distance += 1) {
    const modifier = tokens[i - distance];
    // Negation and degree adverbs stay inside their clause: "Not really. Great service" is not negated.
    if (modifier === undefined || modifier.clauseEnd) break;
    // A sentiment word in between takes the modifier for itself: VADER skips that position.
    if (ownValence(modifier) !== undefined) continue;
    valence +=
      boosterScalar(tokens, i - distance, valence, capsDifferential) * (DISTANCE_DECAY[distance - 1] ?? 1);
    valence = negate(tokens, i, distance, valence);
  }
  return leastCheck(tokens, i, valence);
}

const isSentimentWord = (token: Token | undefined): boolean =>
  (token?.kind === 'word' || token?.kind === 'phrase') && ownValence(token) !== undefined;

/** "looks like rain", "it's like that": "like" after a linking verb compares; it is not the verb "to like". */
function isPrepositionLike(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1];
  return before?.kind === 'word' && !before.clauseEnd && LIKE_AS_PREPOSITION_AFTER.has(before.norm);
}

/**
 * vaderSentiment 3.3's "no" rule, kept inside the clause: a word one or two words after "no" ("no real
 * problem"), or three after it in "no X or Y", is negated. "Still no refund, terrible support" stays negative.
 */
function negatedByNo(tokens: readonly Token[], i: number): boolean {
  for (let distance = 1; distance <= 3 && i - distance >= 0; distance += 1) {
    const before = tokens[i - distance];
    if (before === undefined || before.clauseEnd) return false;
    if (isWord(before, 'no')) {
      return distance <= 2 || isWord(tokens[i - 1], 'or') || isWord(tokens[i - 1], 'nor');
    }
  }
  return false;
}

/** What the degree adverb at position j ("very", "kind of") adds to a word of the given valence. */
function boosterScalar(
  tokens: readonly Token[],
  j: number,
  valence: number,
  capsDifferential: boolean,
): number {
  const token = tokens[j];
  if (token === undefined || token.kind !== 'word') return 0;
  const scalar = BOOSTERS.get(token.norm) ?? BOOSTERS.get(`${normOf(tokens, j - 1)} ${token.norm}`) ?? 0;
  if (scalar === 0) return 0;
  let signed = valence < 0 ? -scalar : scalar;
  if (token.shouting && capsDifferential) signed += valence > 0 ? CAPS_INCREMENT : -CAPS_INCREMENT;
  return signed;
}

/**
 * VADER's negation window: a negator up to three words before flips and damps the valence, except in
 * "never so/this good" (emphasis) and "without (a) doubt". As in VADER, "so" or "this" right before the
 * word also weighs 1.25 once the window reaches three words back.
 */
function negate(tokens: readonly Token[], i: number, distance: number, valence: number): number {
  const before = (k: number): string => normOf(tokens, i - k);
  if (distance === 2) {
    if (before(2) === 'never' && isSoOrThis(before(1))) return valence * NEVER_SO_WEIGHT;
    if (before(2) === 'without' && before(1) === 'doubt') return valence;
  }
  if (distance === 3) {
    if ((before(3) === 'never' && isSoOrThis(before(2))) || isSoOrThis(before(1))) {
      return valence * NEVER_SO_WEIGHT;
    }
    if (before(3) === 'without' && (before(2) === 'doubt' || before(1) === 'doubt')) return valence;
  }
  return isNegation(tokens[i - distance]) ? valence * NEGATION_SCALAR : valence;
}

/** "the least helpful" negates; "at least helpful" and "very least" do not. */
function leastCheck(tokens: readonly Token[], i: number, valence: number): number {
  if (normOf(tokens, i - 1) !== 'least' || tokens[i - 1]?.clauseEnd) return valence;
  const twoBefore = normOf(tokens, i - 2);
  return twoBefore === 'at' || twoBefore === 'very' ? valence : valence * NEGATION_SCALAR;
}

/**
 * Contrast, sentence by sentence: after the sentence's first "but" ×1.5, before it ×0.5. A sentence that
 * opens with "But" contrasts with the sentence before it. Other sentences keep their weight.
 */
function weighContrast(tokens: readonly Token[], valences: number[]): void {
  let start = 0;
  let previousStart = -1;
  for (let end = 0; end < tokens.length; end += 1) {
    if (end < tokens.length - 1 && tokens[end]?.sentenceEnd !== true) continue;
    let but = start;
    while (but <= end && !isWord(tokens[but], 'but')) but += 1;
    if (but <= end) {
      const from = but === start && previousStart !== -1 ? previousStart : start;
      for (let i = from; i < but; i += 1) valences[i] = (valences[i] ?? 0) * BEFORE_BUT_WEIGHT;
      for (let i = but + 1; i <= end; i += 1) valences[i] = (valences[i] ?? 0) * AFTER_BUT_WEIGHT;
    }
    previousStart = start;
    start = end + 1;
  }
}

function punctuationEmphasis(exclamations: number, questions: number): number {
  const fromExclamations = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_INCREMENT;
  let fromQuestions = 0;
  if (questions > 3) fromQuestions = MAX_QUESTION_EMPHASIS;
  else if (questions > 1) fromQuestions = questions * QUESTION_INCREMENT;
  return fromExclamations + fromQuestions;
}

function normalise(sum: number): number {
  return Math.max(-1, Math.min(1, sum / Math.sqrt(sum * sum + NORMALISATION_ALPHA)));
}
