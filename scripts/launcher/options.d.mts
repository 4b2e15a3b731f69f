// Types for options.mjs (documented there).
export type LauncherOptions = {
  port: number;
  demo: boolean;
  embeddedPostgres: boolean;
  privateRedis: boolean;
  workers: number;
  web: number;
  build: boolean;
  help: boolean;
};
export class OptionError extends Error {}
export const USAGE: string;
export function parseOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): LauncherOptions;
