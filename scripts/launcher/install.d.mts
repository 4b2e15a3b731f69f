// Types for install.mjs (documented there).
export function installNeeded(root: string): 'ci' | 'install' | null;
export function markInstalled(root: string): void;
export function npmCommand(env: Record<string, string | undefined>): { command: string; prefix: string[] };
