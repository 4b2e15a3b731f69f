#!/usr/bin/env node
// Patches postgres.js 3.4.x (node_modules/postgres) against a defect that the fault suite exposed
// (upstream porsager/postgres#1154, #1208; fixes proposed in PRs #1168, #1209, not released as of 3.4.9).
// Runs from `postinstall`, and from `npm start` / `npm test` (idempotent, a few milliseconds).
//
// Small writes are deferred behind a setImmediate (`nextWriteTimer`). When a connection's socket
// closes (PostgreSQL restarted), closed()/terminate() cancel that immediate but leave `nextWriteTimer`
// set and the buffered `chunk` in place. Afterwards the connection never schedules a write again:
// every query on it hangs forever, and a write that does go out finds `socket === null` and throws
// from an immediate, an uncaught TypeError that kills the process (the worker, in the fault suite).
// The patch resets both on close and makes nextWrite settle the queries instead of throwing.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const marker = '/* pulseboard: nextWrite patch */';
const files = ['src', 'cjs/src', 'cf/src'].map((dir) =>
  path.join(root, 'node_modules', 'postgres', dir, 'connection.js'),
);

/** @param {string} text */
function patch(text) {
  const guard =
    `  function nextWrite(fn) {\n` +
    `    if (!socket) { ${marker}\n` +
    `      chunk = nextWriteTimer = null\n` +
    `      error(Errors.connection('CONNECTION_CLOSED', options))\n` +
    `      return false\n` +
    `    }\n`;
  let out = text.replace('  function nextWrite(fn) {\n', guard);
  out = out.replaceAll(
    '\n    clearImmediate(nextWriteTimer)\n',
    `\n    clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null ${marker}\n`,
  );
  return out;
}

let patched = 0;
for (const file of files) {
  if (!fs.existsSync(file)) continue;
  const text = fs.readFileSync(file, 'utf8');
  if (text.includes(marker)) continue;
  const out = patch(text);
  // nextWrite guard + terminate() + closed(): three places, or this is a version the patch does not know.
  if (out.split(marker).length - 1 !== 3) {
    console.error(
      `patch-postgres: ${path.relative(root, file)} does not look like postgres.js 3.4.x; not patched`,
    );
    process.exitCode = 1;
    continue;
  }
  fs.writeFileSync(file, out);
  patched += 1;
}
if (patched > 0) console.log(`patch-postgres: patched ${patched} file(s) of node_modules/postgres`);
