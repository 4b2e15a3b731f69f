/**
 * Writes lib/openapi-types.ts, the TypeScript `paths` of /api/v1/openapi.json: `npm run openapi:types`.
 * The file is committed so a typed client typechecks without a generate step; server/openapi.test.ts
 * fails while it differs from what this renders.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import * as prettier from 'prettier';
import { openApiDocument } from '@/server/openapi';

export const openApiTypesFile = path.resolve(import.meta.dirname, '../lib/openapi-types.ts');

const header = [
  '// Generated from /api/v1/openapi.json (server/openapi.ts) by `npm run openapi:types`: do not edit.',
  '// Use with openapi-fetch: createClient<paths>(...).',
  '',
].join('\n');

/** The generated types as the committed file holds them (formatted by the project's prettier). */
export async function renderOpenApiTypes(): Promise<string> {
  // openapi-typescript validates the document (with Redocly) and throws on an invalid one.
  const ast = await openapiTS(structuredClone(openApiDocument()) as unknown as OpenAPI3);
  const config = await prettier.resolveConfig(openApiTypesFile);
  return prettier.format(header + astToString(ast), { ...config, filepath: openApiTypesFile });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(openApiTypesFile, await renderOpenApiTypes());
  console.log(`wrote ${path.relative(process.cwd(), openApiTypesFile)}`);
}
