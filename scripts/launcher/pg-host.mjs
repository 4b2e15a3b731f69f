// Helper process that hosts the embedded PostgreSQL for the launcher (see embedded-postgres.mjs).
// Protocol over IPC: launcher → {type:'start', config} then {type:'stop'}; helper → {type:'ready'} or
// {type:'error', message}. It also stops PostgreSQL when the launcher goes away (IPC disconnect) or on
// SIGTERM/SIGINT, and exits when PostgreSQL dies on its own, so the launcher notices.
import path from 'node:path';
import { runEmbeddedPostgres } from './embedded-postgres.mjs';
import { readPid } from './processes.mjs';

const APPS_GRACE_MS = 10_000;

/** @type {{ stop: () => Promise<void> } | null} */
let server = null;
let stopping = false;

// Once the launcher is gone, writes to the inherited pipes fail; that must not kill the helper
// before it has stopped PostgreSQL.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

process.on(
  'message',
  (/** @type {{ type?: string, config?: import('./embedded-postgres.mjs').EmbeddedConfig }} */ message) => {
    if (message.type === 'start' && message.config) void start(message.config);
    if (message.type === 'stop') void stop(0);
  },
);
// The launcher died without stopping anything: the apps stop themselves (parent-watch.mjs) within
// their own 10 s grace period, and still need the database meanwhile to finish their work.
process.on('disconnect', () => setTimeout(() => void stop(0), APPS_GRACE_MS));
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

/** @param {import('./embedded-postgres.mjs').EmbeddedConfig} config */
async function start(config) {
  try {
    server = await runEmbeddedPostgres(config);
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
  // A stop asked for while PostgreSQL was starting is carried out now.
  if (stopping) return stop(0, true);
  send({ type: 'ready' });
  watchPostmaster(path.join(config.dataDir, 'postgres', 'postmaster.pid'));
}

/**
 * @param {number} code
 * @param {boolean} [again] true when a stop requested during start is carried out
 */
async function stop(code, again = false) {
  if (stopping && !again) return;
  stopping = true;
  if (!server) return; // still starting: start() stops it when done
  // embedded-postgres waits for an 'exit' event that never comes if PostgreSQL is already gone.
  const gaveUp = new Promise((resolve) => setTimeout(resolve, 25_000));
  const stopped = server
    .stop()
    .catch((error) => process.stderr.write(`stopping PostgreSQL failed: ${error}\n`));
  await Promise.race([stopped, gaveUp]);
  process.exit(code);
}

/**
 * embedded-postgres does not expose its postgres process; watch the postmaster's pid instead.
 * @param {string} pidFile
 */
function watchPostmaster(pidFile) {
  const pid = readPid(pidFile);
  if (pid === null) return;
  const timer = setInterval(() => {
    if (stopping) return clearInterval(timer);
    if (readPid(pidFile) === pid) return;
    process.stderr.write('PostgreSQL stopped unexpectedly\n');
    process.exit(1);
  }, 2000);
}

/** @param {object} message */
function send(message) {
  if (process.connected) process.send?.(message);
}
