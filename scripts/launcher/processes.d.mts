// Types for processes.mjs (documented there).
import type { ChildProcess } from 'node:child_process';

export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null; error?: Error };
export function spawnService(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): ChildProcess;
export function signalAllServices(signal: NodeJS.Signals): void;
export function runStep(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; prefix?: boolean; onSpawn?: (child: ChildProcess) => void },
): Promise<void>;
export function exited(child: ChildProcess): Promise<ExitStatus>;
export function exitedWithin(child: ChildProcess, timeoutMs: number): Promise<ExitStatus | null>;
export function describeExit(status: ExitStatus): string;
export function isRunning(child: ChildProcess): boolean;
export function sendSignal(child: ChildProcess, signal: NodeJS.Signals, group?: boolean): void;
export function terminate(
  child: ChildProcess,
  options?: { timeoutMs?: number; signal?: NodeJS.Signals; group?: boolean },
): Promise<ExitStatus>;
export function stopLeftover(
  pidFile: string,
  options: { expect: string; signal: NodeJS.Signals; label: string },
): Promise<void>;
export function readPid(file: string): number | null;
export function findExecutable(name: string): string | null;
