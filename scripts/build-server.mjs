#!/usr/bin/env node
// Compiles the processes that run outside Next.js (web server, workers, migrations, demo simulator) to
// plain JavaScript in dist/, so production runs `node dist/<entry>.mjs` and tsx is only for development.
// Packages stay external (Node loads them from node_modules, as the Next.js build does for the route
// handlers). Part of `npm run build`.
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist');

/** Entry points: dist/<name>.mjs. */
export const serverEntries = Object.freeze({
  server: 'server/index.ts',
  worker: 'workers/index.ts',
  migrate: 'db/migrate.ts',
  demo: 'scripts/demo/run.ts',
});

/**
 * A bundled module keeps its source's `import.meta.dirname` (db/migrate.ts finds db/migrations beside
 * itself, the server finds the project root): rewritten to the source folder, relative to dist/.
 * `import.meta.filename` of a module that is not the entry no longer equals the process's script, so its
 * "run as a script" block stays asleep inside another bundle.
 * @type {import('esbuild').Plugin}
 */
const sourceLocation = {
  name: 'source-location',
  setup(b) {
    const entries = new Set(Object.values(serverEntries).map((e) => path.join(root, e)));
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const fs = await import('node:fs/promises');
      let contents = await fs.readFile(args.path, 'utf8');
      const dir = path.relative(outdir, path.dirname(args.path)).split(path.sep).join('/');
      const file = path.relative(outdir, args.path).split(path.sep).join('/');
      contents = contents.replaceAll(
        'import.meta.dirname',
        `(import.meta.dirname + ${JSON.stringify(`/${dir}`)})`,
      );
      if (!entries.has(args.path)) {
        contents = contents.replaceAll(
          'import.meta.filename',
          `(import.meta.dirname + ${JSON.stringify(`/${file}`)})`,
        );
      }
      return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
    });
  },
};

export async function buildServer() {
  await build({
    absWorkingDir: root,
    entryPoints: Object.entries(serverEntries).map(([out, input]) => ({ in: input, out })),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [sourceLocation],
  });
}

if (process.argv[1] === import.meta.filename) {
  const started = Date.now();
  await buildServer();
  console.log(`server, workers, migrations and demo compiled to dist/ in ${Date.now() - started} ms`);
}
