// PostgreSQL: DATABASE_URL, else the usual local server on 5432 if it accepts a login, else the
// embedded one in .data/postgres.
import { LauncherError, log } from './log.mjs';
import { EMBEDDED_POSTGRES_PORT, startEmbeddedPostgres } from './embedded-postgres.mjs';
import { findFreePort, postgresAnswers, postgresLogin } from './net.mjs';
import { storedSecret } from './secrets.mjs';

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/pulseboard';
export const DATABASE_NAME = 'pulseboard';

/**
 * @typedef {object} PostgresChoice
 * @property {string} url
 * @property {'env' | 'local' | 'embedded'} source
 * @property {() => Promise<void>} [stop] only for a server the launcher started
 * @property {Promise<unknown>} [exited] settles if that server stops
 */

/**
 * @param {object} options
 * @param {Record<string, string | undefined>} options.env
 * @param {boolean} options.forceEmbedded `--embedded-postgres`
 * @param {string} options.dataDir the .data directory
 * @returns {Promise<PostgresChoice>}
 */
export async function resolvePostgres({ env, forceEmbedded, dataDir }) {
  if (!forceEmbedded && env.DATABASE_URL) return { url: env.DATABASE_URL, source: 'env' };
  if (forceEmbedded && env.DATABASE_URL) log('--embedded-postgres: ignoring DATABASE_URL');
  if (!forceEmbedded && (await postgresAnswers(LOCAL_POSTGRES_URL))) {
    return { url: LOCAL_POSTGRES_URL, source: 'local' };
  }
  return startEmbedded(dataDir);
}

/**
 * Starts the embedded server, with its password kept in .data/secrets.json, and checks that this
 * password still logs in (it would not if secrets.json was lost while the cluster was kept).
 * @param {string} dataDir
 * @returns {Promise<PostgresChoice>}
 */
async function startEmbedded(dataDir) {
  const password = storedSecret(dataDir, 'embeddedPostgresPassword');
  const port = await findFreePort(EMBEDDED_POSTGRES_PORT);
  log(`starting the embedded PostgreSQL on 127.0.0.1:${port} (data in .data/postgres)`);
  const server = await startEmbeddedPostgres({ dataDir, password, port });
  const problem = await postgresLogin(server.urlFor('postgres'));
  if (problem) {
    await server.stop();
    throw new LauncherError(
      `The embedded PostgreSQL rejects the password kept in .data/secrets.json (${problem}). If ` +
        'secrets.json was replaced, restore it, or remove .data/postgres to start with an empty database.',
    );
  }
  return { url: server.urlFor(DATABASE_NAME), source: 'embedded', stop: server.stop, exited: server.exited };
}
