import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Handler } from '@/test/helpers/api-calls';

/** The route handlers' root; every `route.ts` below it is one public endpoint. */
export const apiRoot = path.resolve(import.meta.dirname, '../app/api/v1');

export const mutationMethods = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const allMethods = ['GET', ...mutationMethods] as const;
export type Method = (typeof allMethods)[number];

/**
 * Every route file under app/api/v1 with the given methods it exports, keyed `METHOD /api/v1/path`
 * (dynamic segments kept as `[id]`), found on disk so a new route cannot be left out of a table.
 */
export async function discoverRoutes(
  methods: readonly Method[] = mutationMethods,
): Promise<Map<string, Handler>> {
  const found = new Map<string, Handler>();
  const walk = async (dir: string): Promise<void> => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) await walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(name)) {
        const mod = (await import(full)) as Partial<Record<string, unknown>>;
        const urlPath = `/api/v1/${path.relative(apiRoot, dir).split(path.sep).join('/')}`.replace(/\/$/, '');
        for (const method of methods) {
          const handler = mod[method];
          if (typeof handler === 'function') found.set(`${method} ${urlPath}`, handler as Handler);
        }
      }
    }
  };
  await walk(apiRoot);
  return found;
}

/** The names of a route key's dynamic segments: `POST /api/v1/incidents/[id]/ack` → `['id']`. */
export function pathParamNames(key: string): string[] {
  return [...key.matchAll(/\[(\w+)\]/g)].map(([, name]) => name!);
}

/** The request path (after `/api/v1/`) of a route key with its dynamic segments filled in. */
export function fillPath(key: string, params: Record<string, string>): string {
  const urlPath = key.split(' ')[1]!.slice('/api/v1/'.length);
  // A lone surrogate (a hostile id) cannot be percent-encoded: the URL gets U+FFFD, the handler the id as is.
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  return urlPath.replace(/\[(\w+)\]/g, (_, name: string) =>
    encodeURIComponent((params[name] ?? '').replace(lone, '\ufffd')),
  );
}
