import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** Starts one of the app's processes with tsx, its output prefixed. */
export function startProcess(name: string, script: string, env: Record<string, string>): ChildProcess {
  // node --import tsx, as the launcher runs them; BENCH_NODE_ARGS adds flags such as --cpu-prof.
  const extra = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) => {
    const text = chunk.toString().trimEnd();
    if (text && process.env.BENCH_VERBOSE) console.log(`[${name}] ${text}`);
  };
  child.stdout?.on('data', prefix);
  child.stderr?.on('data', (chunk: Buffer) => console.error(`[${name}] ${chunk.toString().trimEnd()}`));
  return child;
}

/** Peak resident memory of a process and its children so far, in MiB (Linux /proc). */
export function peakRssMiB(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  let total = 0;
  for (const p of [pid, ...childPids(pid)]) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      total = Math.max(total, Number(hwm ?? 0) / 1024);
    } catch {
      // gone
    }
  }
  return total;
}

function childPids(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return children.map(Number).flatMap((c) => [c, ...childPids(c)]);
  } catch {
    return [];
  }
}

export async function waitFor<T>(
  fn: () => Promise<T | null | false>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? Number.NaN;
}

/** CPU seconds (user + system) a process has used so far (Linux /proc); null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is the 3rd field, utime the 14th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The command line of a process, for labelling the bench's children. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

export { childPids };
