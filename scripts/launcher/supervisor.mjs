// Keeps the app processes running: restarts a crashed one with exponential backoff, and gives up
// (through onFatal) only when a web process cannot get up at all or a process reports a
// configuration error, since restarting cannot fix either.
import { log } from './log.mjs';
import { httpStatus } from './net.mjs';
import { describeExit, exited, isRunning, sendSignal, spawnService, terminate } from './processes.mjs';

/** Exit code of a process whose environment is invalid (EX_CONFIG, lib/env-common.ts). */
export const EXIT_CONFIG = 78;

/**
 * Delay before restart number `failures` (1-based): 1 s, 2 s, 4 s, … up to maxMs.
 * @param {number} failures
 * @param {{ baseMs?: number, maxMs?: number }} [options]
 */
export function backoffDelay(failures, { baseMs = 1000, maxMs = 30_000 } = {}) {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

/**
 * @typedef {object} ProcessSpec
 * @property {string} name output prefix, e.g. "web" or "worker-2"
 * @property {'web' | 'worker' | 'demo'} role
 * @property {string} command
 * @property {string[]} args
 * @property {string} cwd
 * @property {NodeJS.ProcessEnv} env
 * @property {string} [healthUrl] web only: answers 200 once the process is up
 */

/**
 * @typedef {object} Managed
 * @property {ProcessSpec} spec
 * @property {import('node:child_process').ChildProcess | null} child
 * @property {number} startedAt
 * @property {boolean} healthy the web process answered its health check since its last start
 * @property {number} failures consecutive crashes, for the backoff
 * @property {number} startFailures consecutive web exits before it ever became healthy
 * @property {NodeJS.Timeout | null} restartTimer
 */

export class Supervisor {
  /**
   * @param {object} options
   * @param {(message: string) => void} options.onFatal called once, when the system cannot run
   * @param {number} [options.maxStartFailures] web start failures in a row that stop everything
   * @param {number} [options.stableMs] a process that ran this long starts its backoff afresh
   * @param {{ baseMs?: number, maxMs?: number }} [options.backoff]
   */
  constructor({ onFatal, maxStartFailures = 3, stableMs = 30_000, backoff = {} }) {
    this.onFatal = onFatal;
    this.maxStartFailures = maxStartFailures;
    this.stableMs = stableMs;
    this.backoff = backoff;
    /** @type {Managed[]} */
    this.processes = [];
    this.stopping = false;
    /** @type {Set<() => void>} */
    this.healthListeners = new Set();
  }

  /** Starts a process and keeps it running. @param {ProcessSpec} spec */
  add(spec) {
    if (this.stopping) return;
    /** @type {Managed} */
    const managed = {
      spec,
      child: null,
      startedAt: 0,
      healthy: false,
      failures: 0,
      startFailures: 0,
      restartTimer: null,
    };
    this.processes.push(managed);
    this.launch(managed);
  }

  /**
   * Resolves once every web process has answered its health check; rejects after the timeout.
   * @param {number} timeoutMs
   * @returns {Promise<void>}
   */
  waitUntilHealthy(timeoutMs) {
    const allHealthy = () => this.processes.every((m) => m.spec.role !== 'web' || m.healthy);
    return new Promise((resolve, reject) => {
      if (allHealthy()) return resolve();
      const timer = setTimeout(() => {
        this.healthListeners.delete(check);
        reject(new Error(`the web process did not answer /api/health within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const check = () => {
        if (!allHealthy()) return;
        clearTimeout(timer);
        this.healthListeners.delete(check);
        resolve();
      };
      this.healthListeners.add(check);
    });
  }

  /**
   * Stops every process: SIGTERM, then SIGKILL for those still running after the timeout.
   * @param {number} [timeoutMs]
   */
  async stop(timeoutMs = 10_000) {
    this.stopping = true;
    for (const managed of this.processes) {
      if (managed.restartTimer) clearTimeout(managed.restartTimer);
    }
    // Front to back: the demo client stops sending, the web processes stop taking requests and close
    // their sockets, then the workers finish what was queued — so nothing is posted into a closed door.
    for (const role of /** @type {const} */ (['demo', 'web', 'worker'])) {
      const running = this.processes.flatMap((m) =>
        m.spec.role === role && m.child && isRunning(m.child) ? [m.child] : [],
      );
      await Promise.all(running.map((child) => terminate(child, { timeoutMs })));
    }
  }

  /** Skips the rest of the grace period (a second Ctrl-C). */
  killNow() {
    for (const managed of this.processes) if (managed.child) sendSignal(managed.child, 'SIGKILL');
  }

  /** @param {Managed} managed */
  launch(managed) {
    const { spec } = managed;
    managed.restartTimer = null;
    managed.healthy = false;
    managed.startedAt = Date.now();
    const child = spawnService(spec.name, spec.command, spec.args, { cwd: spec.cwd, env: spec.env });
    managed.child = child;
    if (spec.healthUrl) void this.watchHealth(managed, child, spec.healthUrl);
    void exited(child).then((status) => this.onExit(managed, status));
  }

  /**
   * Polls the health URL until it answers 200 or this run of the process ends.
   * @param {Managed} managed
   * @param {import('node:child_process').ChildProcess} child
   * @param {string} url
   */
  async watchHealth(managed, child, url) {
    while (!this.stopping && managed.child === child && isRunning(child)) {
      if ((await httpStatus(url)) === 200) {
        if (managed.child !== child || !isRunning(child)) return;
        managed.healthy = true;
        managed.startFailures = 0;
        for (const listener of [...this.healthListeners]) listener();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /**
   * @param {Managed} managed
   * @param {import('./processes.mjs').ExitStatus} status
   */
  onExit(managed, status) {
    if (this.stopping) return;
    const { name, role } = managed.spec;
    const how = describeExit(status);
    if (status.code === EXIT_CONFIG && role !== 'demo') {
      return this.onFatal(`${name} stopped: its configuration is invalid (${how}); see its output above`);
    }
    if (role === 'demo' && (status.code === 0 || status.code === EXIT_CONFIG)) {
      return log(`${name} ended (${how}); not restarting it`);
    }
    if (role === 'web' && !managed.healthy && ++managed.startFailures >= this.maxStartFailures) {
      return this.onFatal(
        `the ${name} process failed at start ${managed.startFailures} times in a row (last: ${how}); ` +
          `see the [${name}] output above`,
      );
    }
    const ranLong = Date.now() - managed.startedAt >= this.stableMs;
    managed.failures = ranLong ? 1 : managed.failures + 1;
    const delay = backoffDelay(managed.failures, this.backoff);
    log(`${name} ${status.code === 0 ? 'exited' : 'crashed'} (${how}); restarting in ${delay / 1000} s`);
    managed.restartTimer = setTimeout(() => this.launch(managed), delay);
  }
}
