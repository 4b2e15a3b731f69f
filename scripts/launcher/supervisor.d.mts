// Types for supervisor.mjs (documented there).
import type { ChildProcess } from 'node:child_process';

export const EXIT_CONFIG: 78;
export function backoffDelay(failures: number, options?: { baseMs?: number; maxMs?: number }): number;
export type ProcessSpec = {
  name: string;
  role: 'web' | 'worker' | 'demo';
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  healthUrl?: string;
};
export type Managed = {
  spec: ProcessSpec;
  child: ChildProcess | null;
  startedAt: number;
  healthy: boolean;
  failures: number;
  startFailures: number;
  restartTimer: NodeJS.Timeout | null;
};
export class Supervisor {
  constructor(options: {
    onFatal: (message: string) => void;
    maxStartFailures?: number;
    stableMs?: number;
    backoff?: { baseMs?: number; maxMs?: number };
  });
  readonly processes: Managed[];
  stopping: boolean;
  add(spec: ProcessSpec): void;
  waitUntilHealthy(timeoutMs: number): Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
  killNow(): void;
}
