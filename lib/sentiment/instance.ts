import { loadLexicon } from './lexicon';
import { Tokenizer } from './tokenize';

// Parsed once per process from the npm packages (see lexicon.ts); scoring itself never touches the disk.
export const lexicon = loadLexicon();
export const tokenizer = new Tokenizer(lexicon);
