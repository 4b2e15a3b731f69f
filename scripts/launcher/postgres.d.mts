// Types for postgres.mjs (documented there).
export const LOCAL_POSTGRES_URL: 'postgres://postgres@127.0.0.1:5432/pulseboard';
export const DATABASE_NAME: 'pulseboard';
export type PostgresChoice = {
  url: string;
  source: 'env' | 'local' | 'embedded';
  stop?: () => Promise<void>;
  exited?: Promise<unknown>;
};
export function resolvePostgres(options: {
  env: Record<string, string | undefined>;
  forceEmbedded: boolean;
  dataDir: string;
}): Promise<PostgresChoice>;
