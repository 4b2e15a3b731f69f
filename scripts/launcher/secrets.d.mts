// Types for secrets.mjs (documented there).
export type AppSecrets = {
  PULSEBOARD_SECRET: string;
  PULSEBOARD_ADMIN_EMAIL: string;
  PULSEBOARD_ADMIN_PASSWORD: string;
  PULSEBOARD_INGEST_KEY: string;
};
export type ResolvedSecrets = {
  env: AppSecrets;
  adminPasswordFrom: 'env' | 'file';
  showAdminPassword: boolean;
};
export const DEFAULT_ADMIN_EMAIL: 'admin@pulseboard.local';
export const SECRETS_FILE: 'secrets.json';
export function randomToken(bytes?: number): string;
export function ensurePrivateDir(dir: string): void;
export function readSecretsFile(dataDir: string): Record<string, unknown>;
export function writeSecretsFile(dataDir: string, data: Record<string, unknown>): void;
export function resolveSecrets(dataDir: string, env: Record<string, string | undefined>): ResolvedSecrets;
export function markAdminPasswordShown(dataDir: string): void;
export function storedSecret(dataDir: string, name: string): string;
