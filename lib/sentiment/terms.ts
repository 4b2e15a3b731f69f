import { tokenizer } from './instance';
import { BOOSTERS, NEGATIONS } from './rules';

/** NLTK's English stop words, their apostrophe-less spellings, and chat filler. */
const STOP_WORDS: ReadonlySet<string> = new Set(
  `i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he him
  his himself she she's her hers herself it it's its itself they them their theirs themselves what which who
  whom this that that'll these those am is are was were be been being have has had having do does did doing
  a an the and but if or because as until while of at by for with about against between into through during
  before after above below to from up down in out on off over under again further then once here there when
  where why how all any both each few more most other some such no nor not only own same so than too very s
  t can will just don don't should should've now d ll m o re ve y ain aren aren't couldn couldn't didn
  didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't needn
  needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't
  i'm i've i'll i'd im ive youre youve youll youd shes hes its thats theyre theyve theyll weve were we're
  we've we'll lets let's dont cant wont isnt arent wasnt werent didnt doesnt hasnt havent hadnt couldnt
  shouldnt wouldnt also would could get got go going gonna wanna via rt amp u ur`.split(/\s+/),
);

const HAS_LETTER = /\p{L}/u;
const POSSESSIVE = /'s$/;

/**
 * The content words of a text, normalised as the scorer sees them (lower case, edge punctuation and
 * stretched letters removed, possessive 's dropped), without stop words, negators, degree adverbs, emoji,
 * numbers, links or @handles. Each term once, in order of first appearance: counting them across texts
 * gives the share of (negative) texts that mention a term.
 */
export function sentimentTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const token of tokenizer.tokenize(text).tokens) {
    if (token.kind === 'emoji' || token.kind === 'emoticon') continue;
    for (const word of token.norm.split(' ')) {
      const term = word.replace(POSSESSIVE, '');
      if (term.length < 2 || !HAS_LETTER.test(term)) continue;
      if (STOP_WORDS.has(term) || NEGATIONS.has(term) || BOOSTERS.has(term)) continue;
      terms.add(term);
    }
  }
  return [...terms];
}
