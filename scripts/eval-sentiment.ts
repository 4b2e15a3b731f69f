/**
 * Measures the sentiment scorer against human ratings: `npm run eval:sentiment [file]`.
 * Default file: ../shared/data/sentiment/tweets_GroundTruth.txt (VADER's 4,200 tweets, each rated -4..4 by
 * 20+ people). Exits 1 below the floor (the level of the VADER lexicon), 2 when the file is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { classificationReport, pearson, sentimentLabels } from '@/lib/sentiment/evaluation';
import { labelFor, scoreSentiment } from '@/lib/sentiment';

const MIN_PEARSON = 0.88;
const MIN_WEIGHTED_F1 = 0.93;
const THROUGHPUT_ROUNDS = 5;

type Rated = { id: string; rating: number; text: string };

/** `id <TAB> mean rating <TAB> text`, CRLF line endings, no header. */
function parseRatings(content: string): Rated[] {
  const rows: Rated[] = [];
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const [id = '', rating = '', ...text] = line.split('\t');
    const value = Number(rating);
    if (!Number.isFinite(value)) throw new Error(`not a rating on line ${id}: ${rating}`);
    rows.push({ id, rating: value, text: text.join('\t') });
  }
  return rows;
}

const file = path.resolve(
  process.argv[2] ?? path.join(import.meta.dirname, '../../shared/data/sentiment/tweets_GroundTruth.txt'),
);
if (!existsSync(file)) {
  console.error(`eval-sentiment: ${file} not found`);
  process.exit(2);
}
const rows = parseRatings(readFileSync(file, 'utf8'));
const results = rows.map((row) => scoreSentiment(row.text));
const scores = results.map((result) => result.score);
const r = pearson(
  rows.map((row) => row.rating),
  scores,
);
const report = classificationReport(
  rows.map((row) => labelFor(row.rating)),
  results.map((result) => result.label),
);

let checksum = 0;
const started = performance.now();
for (let round = 0; round < THROUGHPUT_ROUNDS; round += 1) {
  for (const row of rows) checksum += scoreSentiment(row.text).score;
}
const textsPerSecond = (THROUGHPUT_ROUNDS * rows.length) / ((performance.now() - started) / 1000);

const fixed = (value: number): string => value.toFixed(3);
const precise = (value: number): string => value.toFixed(4);
console.log(`file         ${path.relative(process.cwd(), file)}`);
console.log(`n            ${rows.length}`);
console.log(`pearson r    ${precise(r)}  (floor ${MIN_PEARSON})`);
console.log(`weighted F1  ${precise(report.weightedF1)}  (floor ${MIN_WEIGHTED_F1}; classes split at ±0.05)`);
console.log(`accuracy     ${fixed(report.accuracy)}`);
console.log('class        precision  recall  f1     support');
for (const label of sentimentLabels) {
  const { precision, recall, f1, support } = report.perClass[label];
  console.log(
    `${label.padEnd(12)} ${fixed(precision).padEnd(10)} ${fixed(recall).padEnd(7)} ${fixed(f1).padEnd(6)} ${support}`,
  );
}
console.log(
  `throughput   ${Math.round(textsPerSecond).toLocaleString('en-US')} texts/s on one core ` +
    `(${THROUGHPUT_ROUNDS} passes, checksum ${checksum.toFixed(2)})`,
);

if (!(r >= MIN_PEARSON && report.weightedF1 >= MIN_WEIGHTED_F1)) {
  console.error('eval-sentiment: below the floor');
  process.exit(1);
}
