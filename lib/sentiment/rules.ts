/**
 * The rule constants of VADER (Hutto & Gilbert, ICWSM 2014; vaderSentiment 3.3.2). The numbers are the
 * paper's empirically derived means from its human raters; they are not fitted here.
 */

/** Mean rating increase a booster adds ("very good"); a dampener ("kind of good") takes it away. */
export const BOOSTER_INCREMENT = 0.293;
/** Mean rating increase of an ALL-CAPS sentiment word among lower-case ones ("GOOD" vs "good"). */
export const CAPS_INCREMENT = 0.733;
/** A negated word keeps 74 % of its intensity with the opposite sign ("not good" ≈ -0.74 × good). */
export const NEGATION_SCALAR = -0.74;
/** Each "!" adds this much intensity, counted up to {@link MAX_EXCLAMATIONS}. */
export const EXCLAMATION_INCREMENT = 0.292;
export const MAX_EXCLAMATIONS = 4;
/** Two or three "?" add this much each; four or more add {@link MAX_QUESTION_EMPHASIS}. */
export const QUESTION_INCREMENT = 0.18;
export const MAX_QUESTION_EMPHASIS = 0.96;
/** Clause weights around the first "but": the clause after it dominates. */
export const BEFORE_BUT_WEIGHT = 0.5;
export const AFTER_BUT_WEIGHT = 1.5;
/** "never so good", "never this good": emphasis, not negation. */
export const NEVER_SO_WEIGHT = 1.25;
/** A modifier two or three words away counts 95 % or 90 % as much as an adjacent one. */
export const DISTANCE_DECAY = [1, 0.95, 0.9] as const;
/** Normalisation constant: compound = sum / sqrt(sum² + α), approximating the maximum expected sum. */
export const NORMALISATION_ALPHA = 15;
/** Compound scores at or beyond ±0.05 are labelled positive / negative (VADER's convention). */
export const LABEL_THRESHOLD = 0.05;

/** Words that flip the valence of a sentiment word up to three words after them. */
export const NEGATIONS: ReadonlySet<string> = new Set([
  'aint',
  'arent',
  'cannot',
  'cant',
  'couldnt',
  'darent',
  'didnt',
  'doesnt',
  "ain't",
  "aren't",
  "can't",
  "couldn't",
  "daren't",
  "didn't",
  "doesn't",
  'dont',
  'hadnt',
  'hasnt',
  'havent',
  'isnt',
  'mightnt',
  'mustnt',
  'neither',
  "don't",
  "hadn't",
  "hasn't",
  "haven't",
  "isn't",
  "mightn't",
  "mustn't",
  'neednt',
  "needn't",
  'never',
  'none',
  'nope',
  'nor',
  'not',
  'nothing',
  'nowhere',
  'oughtnt',
  'shant',
  'shouldnt',
  'uhuh',
  'wasnt',
  'werent',
  "oughtn't",
  "shan't",
  "shouldn't",
  'uh-uh',
  "wasn't",
  "weren't",
  'without',
  'wont',
  'wouldnt',
  "won't",
  "wouldn't",
  'rarely',
  'seldom',
  'despite',
]);

const up = BOOSTER_INCREMENT;
const down = -BOOSTER_INCREMENT;

/** Degree adverbs: boosters raise the intensity of the sentiment word they precede, dampeners lower it. */
export const BOOSTERS: ReadonlyMap<string, number> = new Map([
  ...[
    'absolutely',
    'amazingly',
    'awfully',
    'completely',
    'considerable',
    'considerably',
    'decidedly',
    'deeply',
    'effing',
    'enormous',
    'enormously',
    'entirely',
    'especially',
    'exceptional',
    'exceptionally',
    'extreme',
    'extremely',
    'fabulously',
    'flipping',
    'flippin',
    'frackin',
    'fracking',
    'fricking',
    'frickin',
    'frigging',
    'friggin',
    'fully',
    'fuckin',
    'fucking',
    'fuggin',
    'fugging',
    'greatly',
    'hella',
    'highly',
    'hugely',
    'incredible',
    'incredibly',
    'intensely',
    'major',
    'majorly',
    'more',
    'most',
    'particularly',
    'purely',
    'quite',
    'really',
    'remarkably',
    'so',
    'substantially',
    'thoroughly',
    'total',
    'totally',
    'tremendous',
    'tremendously',
    'uber',
    'unbelievably',
    'unusually',
    'utter',
    'utterly',
    'very',
  ].map((word): [string, number] => [word, up]),
  ...[
    'almost',
    'barely',
    'hardly',
    'just enough',
    'kind of',
    'kinda',
    'kindof',
    'kind-of',
    'less',
    'little',
    'marginal',
    'marginally',
    'occasional',
    'occasionally',
    'partly',
    'scarce',
    'scarcely',
    'slight',
    'slightly',
    'somewhat',
    'sort of',
    'sorta',
    'sortof',
    'sort-of',
  ].map((word): [string, number] => [word, down]),
]);

/**
 * Phrases whose meaning is not the sum of their words. The first group contains lexicon words and
 * replaces their valence ("the shit" is praise); the second is VADER's list of sentiment-laden idioms
 * without lexicon words, which it left as future work.
 */
export const IDIOMS: ReadonlyMap<string, number> = new Map([
  ['the shit', 3],
  ['the bomb', 3],
  ['bad ass', 1.5],
  ['badass', 1.5],
  ['bus stop', 0],
  ['yeah right', -2],
  ['kiss of death', -1.5],
  ['to die for', 3],
  ['beating heart', 3.1],
  ['broken heart', -2.9],
  ['cut the mustard', 2],
  ['hand to mouth', -2],
  ['back handed', -2],
  ['blow smoke', -2],
  ['blowing smoke', -2],
  ['upper hand', 1],
  ['break a leg', 2],
  ['cooking with gas', 2],
  ['on the ball', 2],
  ['under the weather', -2],
  // VADER's "in the black" / "in the red" are left out: in ops text they are mostly colours.
]);

/**
 * Common emoticons the VADER lexicon lacks, each read as the rated emoticon with the same face: "=(" is ":(",
 * "T_T" and ";_;" cry like ":'(", "^_^" smiles like ":)", "-_-" is the annoyed ":/", ">_<" is ">.<".
 */
export const EMOTICON_ALIASES: ReadonlyMap<string, string> = new Map([
  ['=(', ':('],
  ['=-(', ':-('],
  [';(', ":'("],
  [';-(', ":'-("],
  [';_;', ":'("],
  ['t_t', ":'("],
  ['t.t', ":'("],
  ['^_^', ':)'],
  ['^^', ':)'],
  ['^.^', ':)'],
  ['^-^', ':)'],
  ['-_-', ':/'],
  ['-.-', ':/'],
  ['>_<', '>.<'],
  [';p', ':p'],
  [';-p', ':-p'],
  ['x(', '>:('],
  ['x-(', '>:-('],
]);

/**
 * After these words "like" compares or quotes ("looks like rain", "it's like that", "I'm like no"): a
 * preposition, not the verb of liking, so it carries no sentiment of its own.
 */
export const LIKE_AS_PREPOSITION_AFTER: ReadonlySet<string> = new Set([
  'look',
  'looks',
  'looked',
  'looking',
  'seem',
  'seems',
  'seemed',
  'sound',
  'sounds',
  'sounded',
  'feel',
  'feels',
  'felt',
  'feeling',
  'smell',
  'smells',
  'taste',
  'tastes',
  'act',
  'acts',
  'acting',
  'is',
  'was',
  'are',
  'were',
  'be',
  'been',
  "it's",
  "that's",
  "i'm",
  'im',
  "you're",
  "we're",
  "they're",
  "he's",
  "she's",
  'something',
  'anything',
  'nothing',
  'thing',
  'things',
  'stuff',
]);

/**
 * Lexicon entries that are texting initialisms spelled like plain words ("hand" = have a nice day): an
 * emoji's keywords use them as the words (✋ "hand"), so they do not rate emoji.
 */
export const INITIALISMS_NOT_FOR_EMOJI: ReadonlySet<string> = new Set(['hand']);
