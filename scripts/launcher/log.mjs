// Launcher output: every line carries the name of the process it comes from, so the interleaved
// output of web, worker, demo and services stays readable.
import readline from 'node:readline';

/** ANSI colour per process kind; numbered copies (web-2) share their kind's colour. */
const COLORS = /** @type {Record<string, number>} */ ({
  pulseboard: 32,
  web: 36,
  worker: 35,
  demo: 33,
  migrate: 34,
  postgres: 94,
  redis: 31,
});

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** @param {string} name @returns {string} */
export function prefixFor(name) {
  const code = COLORS[name.replace(/-\d+$/, '')];
  return useColor && code ? `\x1b[${code}m[${name}]\x1b[0m` : `[${name}]`;
}

/**
 * Copies `input` to `output` line by line, each line prefixed with `[name]`.
 * @param {NodeJS.ReadableStream} input
 * @param {string} name
 * @param {NodeJS.WritableStream} output
 */
export function pipeLines(input, name, output) {
  const prefix = prefixFor(name);
  readline
    .createInterface({ input, crlfDelay: Infinity })
    .on('line', (line) => output.write(`${prefix} ${line}\n`));
}

/** A launcher message. @param {string} message */
export function log(message) {
  process.stdout.write(`${prefixFor('pulseboard')} ${message}\n`);
}

/** A launcher problem. @param {string} message */
export function warn(message) {
  process.stderr.write(`${prefixFor('pulseboard')} ${message}\n`);
}

/** An expected failure with a message meant for the user: printed without a stack trace. */
export class LauncherError extends Error {}
