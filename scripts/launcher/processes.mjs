// Spawning and stopping child processes.
//
// Long-running children (web, worker, demo, private services) get a process group of their own
// (detached), so Ctrl-C in the terminal reaches only the launcher, which then stops them in order:
// the apps first, the services they use last. One-shot steps (npm ci, next build, migrate) stay in
// the launcher's group, so Ctrl-C reaches them directly.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { log, pipeLines } from './log.mjs';

/** @typedef {import('node:child_process').ChildProcess} ChildProcess */
/** @typedef {{ code: number | null, signal: NodeJS.Signals | null, error?: Error }} ExitStatus */

/** Long-running children still alive, for the last-resort clean-up when the launcher exits. */
const services = new Set();

/**
 * Starts a long-running process in its own process group, its output prefixed with `[name]`.
 * @param {string} name
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv }} options
 * @returns {ChildProcess}
 */
export function spawnService(name, command, args, { cwd, env }) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  pipeOutput(child, name);
  services.add(child);
  void exited(child).then(() => services.delete(child));
  return child;
}

/**
 * Signals every long-running child still alive. Used from the launcher's 'exit' handler (which must
 * be synchronous) in case it exits without its orderly shutdown.
 * @param {NodeJS.Signals} signal
 */
export function signalAllServices(signal) {
  for (const child of services) sendSignal(child, signal);
}

/**
 * Runs a one-shot command to completion; rejects with a message naming `name` when it fails.
 * With `prefix`, its output is prefixed; without, it goes straight to the terminal (npm and Next.js
 * draw progress that prefixes would garble).
 * @param {string} name
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, prefix?: boolean, onSpawn?: (child: ChildProcess) => void }} options
 * @returns {Promise<void>}
 */
export async function runStep(name, command, args, { cwd, env, prefix = false, onSpawn }) {
  const child = spawn(command, args, { cwd, env, stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  if (prefix) pipeOutput(child, name);
  onSpawn?.(child);
  const status = await exited(child);
  if (status.code !== 0) throw new Error(`${name} failed (${describeExit(status)})`);
}

/**
 * Resolves when the child has exited (or could not be started at all).
 * @param {ChildProcess} child
 * @returns {Promise<ExitStatus>}
 */
export function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      // 'error' without 'exit' means it never ran (e.g. ENOENT).
      if (child.pid === undefined) resolve({ code: null, signal: null, error });
    });
  });
}

/** @param {ExitStatus} status */
export function describeExit({ code, signal, error }) {
  if (error) return `could not start: ${error.message}`;
  if (signal) return `killed by ${signal}`;
  return `exit code ${code}`;
}

/**
 * True while the child runs.
 * @param {ChildProcess} child
 */
export function isRunning(child) {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

/**
 * Sends a signal to the child's whole process group when it has one (so grandchildren such as the
 * node process under tsx get it too), else to the child; a process already gone is not an error.
 * @param {ChildProcess} child
 * @param {NodeJS.Signals} signal
 * @param {boolean} [group]
 */
export function sendSignal(child, signal, group = true) {
  if (!isRunning(child) || child.pid === undefined) return;
  try {
    process.kill(group ? -child.pid : child.pid, signal);
  } catch {
    // already exited, or the group is gone
  }
}

/**
 * Stops a child: `signal` (SIGTERM) to its group, then SIGKILL if it is still there after the timeout.
 * @param {ChildProcess} child
 * @param {{ timeoutMs?: number, signal?: NodeJS.Signals, group?: boolean }} [options]
 * @returns {Promise<ExitStatus>}
 */
export async function terminate(child, { timeoutMs = 10_000, signal = 'SIGTERM', group = true } = {}) {
  sendSignal(child, signal, group);
  const status = await exitedWithin(child, timeoutMs);
  if (status) return status;
  sendSignal(child, 'SIGKILL', group);
  return exited(child);
}

/**
 * The child's exit status if it exits within the timeout, else null.
 * @param {ChildProcess} child
 * @param {number} timeoutMs
 * @returns {Promise<ExitStatus | null>}
 */
export async function exitedWithin(child, timeoutMs) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const first = await Promise.race([exited(child), timedOut]);
  clearTimeout(timer);
  return /** @type {ExitStatus | null} */ (first);
}

/**
 * @param {ChildProcess} child
 * @param {string} name
 */
function pipeOutput(child, name) {
  if (child.stdout) pipeLines(child.stdout, name, process.stdout);
  if (child.stderr) pipeLines(child.stderr, name, process.stderr);
}

/**
 * Stops a private service that an earlier launcher left running (killed before it could stop it),
 * found through the pid file the service writes. `expect` must appear in its command line, so an
 * unrelated process that reused the pid is left alone.
 * @param {string} pidFile
 * @param {{ expect: string, signal: NodeJS.Signals, label: string }} options
 */
export async function stopLeftover(pidFile, { expect, signal, label }) {
  const pid = readPid(pidFile);
  if (pid === null || !commandOf(pid).includes(expect)) return;
  log(`stopping the ${label} left running by an earlier start (pid ${pid})`);
  process.kill(pid, signal);
  for (let i = 0; i < 150 && processExists(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (processExists(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * The live pid named on the first line of a pid file, or null.
 * @param {string} file
 * @returns {number | null}
 */
export function readPid(file) {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 && processExists(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** The command line of a process ('' when there is none). @param {number} pid */
function commandOf(pid) {
  try {
    return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

/** @param {number} pid */
function processExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * The full path of an executable on PATH, or null.
 * @param {string} name
 */
export function findExecutable(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}
