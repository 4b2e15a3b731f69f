import { spawnSync } from 'node:child_process';

/** Why `promtool` cannot run here, or null when it can (Debian's `prometheus` package installs it). */
export function promtoolMissing(): string | null {
  const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? null : 'promtool is not installed (apt-get install -y prometheus)';
}

/** `promtool check metrics` on a Prometheus text exposition (stdin): its exit code and what it printed. */
export function checkMetrics(text: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}
