// Command-line options of `npm start`. Pure: reads only the argv and env it is given.

/**
 * @typedef {object} LauncherOptions
 * @property {number} port First web port (PORT, PORT+1, … for more web processes).
 * @property {boolean} demo Run the demo event simulator.
 * @property {boolean} embeddedPostgres Use the embedded PostgreSQL even when another one answers.
 * @property {boolean} privateRedis Use a private redis-server even when another one answers.
 * @property {number} workers Number of worker processes.
 * @property {number} web Number of web processes.
 * @property {boolean} build Build when the build is missing or stale (false: `--no-build`).
 * @property {boolean} help Print the usage and exit.
 */

/** An option the user got wrong; the launcher prints the message and the usage hint. */
export class OptionError extends Error {}

export const USAGE = `Usage: npm start -- [options]      (or: node scripts/start.mjs [options])

Installs what is missing, builds, finds or starts PostgreSQL and Redis, migrates, then runs
the web and worker processes (and the demo simulator) until Ctrl-C.

Options:
  --port N              first web port (default: $PORT or 3000)
  --web N               web processes, on PORT, PORT+1, … (default 1)
  --workers N           worker processes (default 1)
  --no-demo             do not run the demo event simulator (also PULSEBOARD_DEMO=off)
  --embedded-postgres   use the embedded PostgreSQL in .data/postgres even when another one
                        answers (also PULSEBOARD_EMBEDDED_POSTGRES=1)
  --private-redis       use a private redis-server with its data in .data/redis even when
                        another Redis answers
  --no-build            never build; fail when there is no build in .next
  -h, --help            show this help

Environment: DATABASE_URL, REDIS_URL, PORT, PULSEBOARD_SECRET, PULSEBOARD_ADMIN_EMAIL,
PULSEBOARD_ADMIN_PASSWORD, PULSEBOARD_INGEST_KEY, PULSEBOARD_DEMO win over what the launcher
finds or generates (generated secrets are kept in .data/secrets.json).`;

/** Options that take a value, with their bounds. */
const NUMERIC = {
  port: { min: 1, max: 65_535 },
  web: { min: 1, max: 16 },
  workers: { min: 1, max: 32 },
};

/** @type {Record<string, [keyof LauncherOptions, boolean]>} the option name → [field, value] */
const FLAGS = {
  'no-demo': ['demo', false],
  'embedded-postgres': ['embeddedPostgres', true],
  'private-redis': ['privateRedis', true],
  'no-build': ['build', false],
  help: ['help', true],
  h: ['help', true],
};

/**
 * Parses the launcher's options. Precedence: command line, then environment, then defaults.
 * @param {readonly string[]} argv arguments after the script name
 * @param {Record<string, string | undefined>} env
 * @returns {LauncherOptions}
 */
export function parseOptions(argv, env) {
  /** @type {LauncherOptions} */
  const options = {
    port: env.PORT ? parseNumber('PORT', env.PORT, NUMERIC.port) : 3000,
    demo: parseDemoEnv(env.PULSEBOARD_DEMO),
    embeddedPostgres: isTruthy(env.PULSEBOARD_EMBEDDED_POSTGRES),
    privateRedis: false,
    workers: 1,
    web: 1,
    build: true,
    help: false,
  };
  applyNpmConfig(options, env);
  applyArgv(options, argv);
  if (options.port + options.web - 1 > NUMERIC.port.max) {
    throw new OptionError(`--port ${options.port} with --web ${options.web} runs past port 65535`);
  }
  return options;
}

/**
 * @param {LauncherOptions} options
 * @param {readonly string[]} argv
 */
function applyArgv(options, argv) {
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    const match = /^--?([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new OptionError(`unexpected argument "${arg}"${npmHint(arg)}`);
    const [, name = '', inline] = match;
    const flag = FLAGS[name];
    if (flag && inline === undefined) {
      setField(options, flag[0], flag[1]);
    } else if (name in NUMERIC) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new OptionError(`--${name} needs a number`);
      const field = /** @type {keyof typeof NUMERIC} */ (name);
      options[field] = parseNumber(`--${name}`, value, NUMERIC[field]);
    } else {
      throw new OptionError(`unknown option "${arg}"`);
    }
  }
}

/**
 * `npm start --embedded-postgres` (without `--`) does not pass the flag on: npm keeps it as its own
 * config and exports it as npm_config_embedded_postgres=true. Honour those so both spellings work.
 * @param {LauncherOptions} options
 * @param {Record<string, string | undefined>} env
 */
function applyNpmConfig(options, env) {
  if (env.npm_config_embedded_postgres === 'true') options.embeddedPostgres = true;
  if (env.npm_config_private_redis === 'true') options.privateRedis = true;
  // `--no-demo` and `--no-build` reach us as an empty npm_config_demo / npm_config_build.
  if (env.npm_config_demo === '' || env.npm_config_demo === 'false') options.demo = false;
  if (env.npm_config_build === '' || env.npm_config_build === 'false') options.build = false;
  for (const name of /** @type {(keyof typeof NUMERIC)[]} */ (Object.keys(NUMERIC))) {
    const value = env[`npm_config_${name}`];
    if (value === undefined) continue;
    // npm read `--port 4000` as the flag `port` plus a stray argument "4000": the value is lost.
    if (value === 'true') {
      throw new OptionError(`npm kept --${name} for itself: write "npm start -- --${name} N" or --${name}=N`);
    }
    options[name] = parseNumber(`--${name}`, value, NUMERIC[name]);
  }
}

/**
 * @param {LauncherOptions} options
 * @param {string} field
 * @param {boolean} value
 */
function setField(options, field, value) {
  /** @type {Record<string, unknown>} */ (options)[field] = value;
}

/**
 * @param {string} label
 * @param {string} text
 * @param {{ min: number, max: number }} bounds
 */
function parseNumber(label, text, { min, max }) {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new OptionError(`${label} must be a whole number from ${min} to ${max} (got "${text}")`);
  }
  return value;
}

/** @param {string | undefined} value */
function parseDemoEnv(value) {
  if (value === undefined || value === '' || value === 'on') return true;
  if (value === 'off') return false;
  throw new OptionError(`PULSEBOARD_DEMO must be "on" or "off" (got "${value}")`);
}

/** @param {string | undefined} value */
function isTruthy(value) {
  return ['1', 'true', 'yes', 'on'].includes((value ?? '').toLowerCase());
}

/** A bare number after an npm-swallowed option is the usual way to get here. @param {string} arg */
function npmHint(arg) {
  return /^\d+$/.test(arg) ? ' (with npm, pass options after "--": npm start -- --port 4000)' : '';
}
