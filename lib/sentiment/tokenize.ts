import { emojiKey, type SentimentLexicon } from './lexicon';
import { BOOSTERS, NEGATIONS } from './rules';

/** A word, an emoticon from the lexicon, an emoji, or a multi-word phrase merged into one unit. */
export type TokenKind = 'word' | 'emoticon' | 'emoji' | 'phrase';

export type Token = {
  /**
   * Look-up form: a word lower-cased without surrounding punctuation (stretched letters shortened when that
   * finds a known word), an emoticon as the lexicon writes it, an emoji's {@link emojiKey}, or a phrase's words.
   */
  readonly norm: string;
  readonly kind: TokenKind;
  /** Letters that have case, all of them capitals, at least two characters ("GOOD", not "I"). */
  readonly shouting: boolean;
  /** Has letters with case (so it counts when deciding whether capitals stand out). */
  readonly cased: boolean;
  /** Letters were stretched ("gooood", ":)))") and the shortened form is a known one: emphasis. */
  readonly elongated: boolean;
  /** Punctuation (, . ; : ! ?) follows: negation and degree adverbs do not reach past it. */
  readonly clauseEnd: boolean;
  /** ". ! ?" follows: the scope of a contrast ("but") ends here. */
  readonly sentenceEnd: boolean;
};

export type TokenizedText = {
  readonly tokens: Token[];
  /** "!" and "?" outside links. */
  readonly exclamations: number;
  readonly questions: number;
  /**
   * Some whitespace-separated pieces are in capitals and some are not (VADER's allcap_differential, over
   * every piece: "I", numbers, links and handles count): only then do capitals mark emphasis.
   */
  readonly capsDifferential: boolean;
};

/** Anything but whitespace and printable ASCII: only such text needs Unicode normalisation. */
const NEEDS_NORMALISING = /[^\s!-~]/;
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032\uff07]/g;
const INVISIBLE = /[\u00ad\u200b\u200c\u2060\ufeff]/g;
const WHITESPACE = /\s+/;
const LINK = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|^[^@\s]+@[^@\s]+\.\w/i;
const HANDLE = /^@\w/;
const HAS_EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]/u;
const EMOJI_SEQUENCE =
  /\p{Regional_Indicator}{2}|[#*0-9]\ufe0f?\u20e3|\p{Extended_Pictographic}[\ufe0e\ufe0f]?\p{Emoji_Modifier}?(?:\u200d\p{Extended_Pictographic}[\ufe0e\ufe0f]?\p{Emoji_Modifier}?)*[\u{e0020}-\u{e007f}]*/gu;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}/u;
const EDGE_NON_WORD = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu;
const INNER_SEPARATORS = /[^\p{L}\p{N}\p{M}'-]+/u;
const STRETCHED = /(\p{L})\1{2,}/u;
const STRETCHED_ALL = /(\p{L})\1{2,}/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const EYES = /^[:;=<]/;
const CLAUSE_END = /[,.;:!?]["')\]]*$/;
const SENTENCE_END = /[.!?]["')\]]*$/;
const HAS_UPPER = /\p{Lu}/u;
const HTML_ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7})|#x([\da-f]{1,6}));/gi;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};
// Reduplicated laughter: "hahaha", "ahahah", "bahaha", "hehehe", "lolol".
const LAUGH_START = 'abhlmw';
const HA_LAUGH = /^[abmw]?a?(?:ha){2,}h?$/;
const HE_LAUGH = /^(?:he|hi){2,}h?$/;
const LOL_LAUGH = /^lo(?:lo)+l?$/;
const PLAIN_WORD = /^[A-Za-z0-9']+$/;
const REPEATS = /([^\p{L}\p{N}]|[dDpP3])\1+/gu;

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

/** Social media APIs escape text as HTML: "&lt;3" is the heart "<3", "&amp;" is "&". */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(HTML_ENTITY, (entity, name?: string, decimal?: string, hex?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
    const codePoint = decimal !== undefined ? Number(decimal) : Number.parseInt(hex ?? '', 16);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}

/** NFKC folds full-width and "fancy" letters (𝐠𝐨𝐨𝐝 → good); apostrophes become ASCII for "isn't". */
function normaliseText(raw: string): string {
  const text = decodeEntities(raw);
  if (!NEEDS_NORMALISING.test(text)) return text;
  return text.normalize('NFKC').replace(APOSTROPHES, "'").replace(INVISIBLE, '');
}

function countPunctuation(raw: string): [exclamations: number, questions: number] {
  let exclamations = 0;
  let questions = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const code = raw.charCodeAt(i);
    if (code === 33) exclamations += 1;
    else if (code === 63) questions += 1;
  }
  return [exclamations, questions];
}

/** Python's str.isupper: has letters with case, all of them capitals ("I", "LOL!", "@BOB"). */
function isAllCaps(piece: string): boolean {
  let upper = false;
  for (let i = 0; i < piece.length; i += 1) {
    const code = piece.charCodeAt(i);
    if (code >= 97 && code <= 122) return false;
    if (code >= 65 && code <= 90) upper = true;
    else if (code > 127) return HAS_UPPER.test(piece) && piece === piece.toUpperCase();
  }
  return upper;
}

/** The lexicon's form of a laugh written at any length ("hahahaha" → "hahaha", "hehe" → "haha"). */
function laughter(word: string): string | undefined {
  // Most words are not laughs: a look at the first letter spares the patterns.
  if (word.length < 4 || !LAUGH_START.includes(word.charAt(0))) return undefined;
  if (HA_LAUGH.test(word)) return word.length >= 6 ? 'hahaha' : 'haha';
  if (HE_LAUGH.test(word)) return 'haha';
  if (LOL_LAUGH.test(word)) return 'lol';
  return undefined;
}

/** An emoticon closes its clause, as punctuation does. */
const emoticonToken = (norm: string, elongated: boolean): Token => ({
  norm,
  kind: 'emoticon',
  shouting: false,
  cased: false,
  elongated,
  clauseEnd: true,
  sentenceEnd: false,
});

/** Splits text into VADER's units: whitespace-separated words with their edge punctuation removed. */
export class Tokenizer {
  constructor(private readonly lexicon: SentimentLexicon) {}

  tokenize(text: string): TokenizedText {
    const tokens: Token[] = [];
    let exclamations = 0;
    let questions = 0;
    let pieces = 0;
    let capitalised = 0;
    for (const raw of normaliseText(text).split(WHITESPACE)) {
      if (raw === '') continue;
      pieces += 1;
      if (isAllCaps(raw)) capitalised += 1;
      // Links and e-mail addresses are not language ("?" in a query string asks nothing); @handles are names.
      if (LINK.test(raw)) continue;
      const [bangs, queries] = countPunctuation(raw);
      exclamations += bangs;
      questions += queries;
      if (HANDLE.test(raw)) continue;
      const before = tokens.length;
      if (HAS_EMOJI.test(raw)) this.splitEmoji(raw, tokens);
      else this.addPiece(raw, tokens);
      const last = tokens[tokens.length - 1];
      if (tokens.length > before && last !== undefined && CLAUSE_END.test(raw)) {
        tokens[tokens.length - 1] = { ...last, clauseEnd: true, sentenceEnd: SENTENCE_END.test(raw) };
      }
    }
    return {
      tokens: this.mergePhrases(tokens),
      exclamations,
      questions,
      capsDifferential: capitalised > 0 && capitalised < pieces,
    };
  }

  /** Whether a (lower-case) word means something to the scorer. */
  isKnown(word: string): boolean {
    return this.lexicon.words.has(word) || BOOSTERS.has(word) || NEGATIONS.has(word) || word === 'but';
  }

  private splitEmoji(raw: string, tokens: Token[]): void {
    let rest = 0;
    let text = '';
    for (const match of raw.matchAll(EMOJI_SEQUENCE)) {
      const sequence = match[0];
      if (!isEmojiSequence(sequence)) continue;
      text += raw.slice(rest, match.index);
      rest = match.index + sequence.length;
      if (text !== '') this.addPiece(text, tokens);
      text = '';
      tokens.push(this.emojiToken(sequence));
    }
    text += raw.slice(rest);
    if (text !== '') this.addPiece(text, tokens);
  }

  private emojiToken(sequence: string): Token {
    let norm = emojiKey(sequence);
    if (!this.lexicon.emoji.has(norm)) {
      // An unknown ZWJ sequence ("👩‍🦰") falls back to its base emoji.
      const base = String.fromCodePoint(norm.codePointAt(0) ?? 0);
      if (this.lexicon.emoji.has(base)) norm = base;
    }
    return {
      norm,
      kind: 'emoji',
      shouting: false,
      cased: false,
      elongated: false,
      clauseEnd: false,
      sentenceEnd: false,
    };
  }

  /** One whitespace-free piece of text without emoji. */
  private addPiece(piece: string, tokens: Token[]): void {
    // Letters, digits and apostrophes alone are never a face (every emoticon has a symbol): most words.
    if (PLAIN_WORD.test(piece)) {
      this.addWords(piece, tokens);
      return;
    }
    const emoticon = this.emoticon(piece);
    if (emoticon !== undefined) {
      tokens.push(emoticonToken(emoticon, false));
      return;
    }
    // A face with its mouth repeated, ":)))" or "<333": the face, stretched for emphasis.
    const repeated = piece.length <= 12 ? piece.replace(REPEATS, '$1') : piece;
    const stretched = repeated === piece ? undefined : this.emoticon(repeated);
    if (stretched !== undefined) {
      tokens.push(emoticonToken(stretched, true));
      return;
    }
    // An emoticon typed against the word before it: "thanks:)", "love<3" (eyes first, so "(see above):" is not one).
    for (let length = 4; length >= 2; length -= 1) {
      if (piece.length <= length) continue;
      const tail = piece.slice(-length);
      const face = EYES.test(tail) ? this.emoticon(tail) : undefined;
      const head = piece.slice(0, -length);
      if (face !== undefined && LETTER_OR_DIGIT.test(head)) {
        this.addWords(head, tokens);
        tokens.push(emoticonToken(face, false));
        return;
      }
    }
    this.addWords(piece, tokens);
  }

  private emoticon(piece: string): string | undefined {
    const { emoticons } = this.lexicon;
    if (emoticons.has(piece)) return piece;
    const lower = piece.toLowerCase();
    return emoticons.has(lower) ? lower : undefined;
  }

  private addWords(piece: string, tokens: Token[]): void {
    const stripped = piece.replace(EDGE_NON_WORD, '');
    if (stripped === '') return;
    const lower = stripped.toLowerCase();
    const known = this.isKnown(lower);
    if (known || !INNER_SEPARATORS.test(stripped)) {
      tokens.push(this.wordToken(stripped, lower, known));
      return;
    }
    // Punctuation without a space after it: "great,thanks", "slow...again".
    const parts = stripped.split(INNER_SEPARATORS);
    parts.forEach((part, index) => {
      const word = part.replace(EDGE_NON_WORD, '');
      if (word === '') return;
      const lowerWord = word.toLowerCase();
      const token = this.wordToken(word, lowerWord, this.isKnown(lowerWord));
      tokens.push(index < parts.length - 1 ? { ...token, clauseEnd: true } : token);
    });
  }

  private wordToken(word: string, lower: string, known: boolean): Token {
    const upper = word.toUpperCase();
    const cased = lower !== upper;
    const shouting = cased && word === upper && word.length >= 2;
    let norm = lower;
    let elongated = false;
    const laugh = known ? undefined : laughter(lower);
    if (laugh !== undefined) norm = laugh;
    else if (!known && STRETCHED.test(lower)) {
      const double = lower.replace(STRETCHED_ALL, '$1$1');
      const single = lower.replace(STRETCHED_ALL, '$1');
      if (this.isKnown(double)) [norm, elongated] = [double, true];
      else if (this.isKnown(single)) [norm, elongated] = [single, true];
      else norm = double;
    }
    return { norm, kind: 'word', shouting, cased, elongated, clauseEnd: false, sentenceEnd: false };
  }

  /** Replaces each multi-word lexicon entry or idiom ("can't stand", "kiss of death") by one token. */
  private mergePhrases(tokens: Token[]): Token[] {
    const { phrases } = this.lexicon;
    let merged: Token[] | undefined;
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i];
      if (token === undefined) break;
      const candidates = token.kind === 'word' ? phrases.get(token.norm) : undefined;
      const phrase = candidates?.find(({ words }) =>
        words.every((word, k) => {
          const next = tokens[i + k];
          return next !== undefined && next.kind === 'word' && next.norm === word;
        }),
      );
      if (phrase === undefined) {
        merged?.push(token);
        continue;
      }
      merged ??= tokens.slice(0, i);
      const parts = tokens.slice(i, i + phrase.words.length);
      merged.push({
        norm: phrase.words.join(' '),
        kind: 'phrase',
        shouting: parts.every((part) => part.shouting),
        cased: parts.some((part) => part.cased),
        elongated: parts.some((part) => part.elongated),
        clauseEnd: parts.at(-1)?.clauseEnd ?? false,
        sentenceEnd: parts.at(-1)?.sentenceEnd ?? false,
      });
      i += phrase.words.length - 1;
    }
    return merged ?? tokens;
  }
}
