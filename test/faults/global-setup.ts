import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keepTempDirs, tempPrefix } from './services';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The web process runs the production build, as `npm start` does: build it when there is none
 * (`npm test` builds before this step), and compile the processes to dist/. Leftovers of a run that was killed are swept first.
 */
export default function setup(): () => void {
  sweep();
  // The compiled processes (dist/) take a second; always current with the sources this run tests.
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-server.mjs')], { stdio: 'inherit' });
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('fault suite: no build in .next, running next build');
    const r = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    // Another build of the same tree (a concurrent `npm start` or `npm test`) may hold .next: wait for it.
    if (r.status !== 0 && !waitForBuild(300_000)) throw new Error('next build failed');
  }
  return () => {
    if (!keepTempDirs) sweep();
  };
}

function waitForBuild(timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return true;
    spawnSync('sleep', ['2']);
  }
  return false;
}

/**
 * Private servers and directories of fault-suite processes that are gone (killed before their own
 * clean-up ran): PostgreSQL stopped with pg_ctl, redis-server by its pid file, then the directory removed.
 */
function sweep(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(tempPrefix)) continue;
    const owner = Number(name.slice(tempPrefix.length).split('-')[0]);
    if (Number.isInteger(owner) && alive(owner)) continue;
    const dir = path.join(os.tmpdir(), name);
    const data = path.join(dir, 'pg', 'data');
    if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
      const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (Number.isInteger(pid) && alive(pid)) kill(pid, 'SIGQUIT');
    }
    const redisPid = path.join(dir, 'redis', 'redis.pid');
    if (fs.existsSync(redisPid)) {
      const pid = Number(fs.readFileSync(redisPid, 'utf8').trim());
      if (Number.isInteger(pid) && alive(pid) && command(pid).includes('redis-server')) kill(pid, 'SIGKILL');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone meanwhile
  }
}

function command(pid: number): string {
  try {
    return execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  } catch {
    return '';
  }
}
