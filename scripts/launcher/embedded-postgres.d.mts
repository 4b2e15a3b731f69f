// Types for embedded-postgres.mjs (documented there).
import type { ExitStatus } from './processes.mjs';

export const EMBEDDED_POSTGRES_PORT: 54329;
export const EMBEDDED_POSTGRES_USER: 'postgres';
export type EmbeddedConfig = { dataDir: string; password: string; port: number };
export type EmbeddedServer = {
  port: number;
  urlFor: (database: string) => string;
  stop: () => Promise<void>;
  exited: Promise<ExitStatus>;
};
export function startEmbeddedPostgres(config: EmbeddedConfig): Promise<EmbeddedServer>;
export function runEmbeddedPostgres(config: EmbeddedConfig): Promise<{ stop: () => Promise<void> }>;
export function prepareDataDir(dataDir: string, owner: { uid: number; gid: number } | null): string;
