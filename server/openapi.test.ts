import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { compileErrors, validate } from '@readme/openapi-parser';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { openApiTypesFile, renderOpenApiTypes } from '@/scripts/openapi-types';
import { openApiDocument, operationIds } from './openapi';

describe('openapi.json', () => {
  it('describes the contract from the handlers’ own zod schemas', () => {
    const doc = openApiDocument() as unknown as {
      components: { schemas: Record<string, unknown> };
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { anyOf?: unknown[] } }> };
            parameters?: { name: string; required: boolean }[];
          }
        >
      >;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/events', '/api/v1/metrics/{name}/series', '/api/v1/session']),
    );
    const ingest = doc.paths['/api/v1/events']?.post;
    expect(ingest?.requestBody?.content['application/json']?.schema.anyOf?.[0]).toEqual({
      $ref: '#/components/schemas/EventInput',
    });
    const single = doc.components.schemas.EventInput as { required: string[]; additionalProperties: boolean };
    expect(single.required).toEqual(['id', 'type']);
    expect(single.additionalProperties).toBe(false);
    const series = doc.paths['/api/v1/metrics/{name}/series']?.get?.parameters ?? [];
    expect(series.map((p) => [p.name, p.required])).toEqual([
      ['name', true],
      ['from', true],
      ['to', true],
      ['step', false],
      ['group', false],
      ['window', false],
      ['where', false],
    ]);
  });
});

type Document = ReturnType<typeof openApiDocument>;
type OperationObject = {
  operationId?: string;
  tags?: string[];
  requestBody?: { content: Record<string, { schema?: unknown; 'x-itemSchema'?: unknown }> };
  responses: Record<string, { $ref?: string }>;
};

function operationsOf(doc: Document): [string, OperationObject][] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): [string, OperationObject] => [
      `${method.toUpperCase()} ${path}`,
      op as OperationObject,
    ]),
  );
}

/** Every value in the document, with its JSON pointer. */
function* walk(value: unknown, pointer = ''): Generator<[string, unknown]> {
  yield [pointer, value];
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* walk(child, `${pointer}/${key}`);
  }
}

describe('openapi.json as a contract for generated clients', () => {
  const doc = openApiDocument();

  it('validates against the OpenAPI 3.1 specification schema', async () => {
    // The parser dereferences what it is given: hand it a copy.
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(doc.openapi).toBe('3.1.0');
  });

  it('gives every operation a unique camelCase operationId from the table, and one declared tag', () => {
    const ops = operationsOf(doc);
    const ids = ops.map(([, op]) => op.operationId);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]+$/.test(id ?? ''))).toEqual([]);
    expect(new Set(ids).size).toBe(ops.length);
    // No derived fallback and no stale entry: the table names exactly the documented operations.
    expect(Object.keys(operationIds).sort()).toEqual(ops.map(([key]) => key).sort());
    expect(Object.fromEntries(ops.map(([key, op]) => [key, op.operationId]))).toMatchObject({
      'GET /api/v1/rules': 'listRules',
      'POST /api/v1/rules': 'createRule',
      'GET /api/v1/rules/{id}': 'getRule',
      'PATCH /api/v1/rules/{id}': 'updateRule',
      'DELETE /api/v1/rules/{id}': 'deleteRule',
      'POST /api/v1/incidents/{id}/ack': 'acknowledgeIncident',
      'POST /api/v1/events': 'ingestEvents',
    });
    const declared = new Map(doc.tags.map((t) => [t.name, t.description]));
    expect(doc.tags.filter((t) => !t.description)).toEqual([]);
    expect(ops.filter(([, op]) => op.tags?.length !== 1 || !declared.has(op.tags[0]!))).toEqual([]);
    expect(new Set(ops.map(([, op]) => op.tags![0])).size).toBe(declared.size);
  });

  it('defines the error shape once, in components, and points every error answer at it', () => {
    const errorShape = doc.components.schemas.Error;
    expect(errorShape).toMatchObject({
      type: 'object',
      properties: { error: { required: ['code', 'message'] } },
    });
    const copies = [...walk(doc)]
      .filter(([pointer]) => !pointer.startsWith('/components/schemas/Error'))
      .filter(
        ([, value]) =>
          isDeepStrictEqual(value, errorShape) ||
          isDeepStrictEqual(value, (errorShape as { properties: { error: unknown } }).properties.error),
      )
      .map(([pointer]) => pointer);
    expect(copies).toEqual([]);
    for (const [key, op] of operationsOf(doc)) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && key !== 'GET /api/ready') {
          expect(response.$ref, `${key} ${status}`).toMatch(/^#\/components\/responses\/\w+$/);
        }
      }
    }
    for (const name of ['TooManyRequests', 'ServiceUnavailable'] as const) {
      expect(doc.components.responses[name]?.headers?.['Retry-After']).toEqual({
        $ref: '#/components/headers/RetryAfter',
      });
    }
    // Shared resource and paging shapes are referenced, not inlined.
    const refs = [...walk(doc.paths)].filter(([p]) => p.endsWith('/$ref')).map(([, v]) => v);
    for (const name of ['Rule', 'RuleDetail', 'Incident', 'IncidentList', 'NextCursor', 'EventInput']) {
      expect(JSON.stringify(doc), name).toContain(`"$ref":"#/components/schemas/${name}"`);
    }
    expect(refs.length).toBeGreaterThan(100);
  });

  it('describes the ingest body as JSON and as NDJSON, and every ingest answer', () => {
    const ingest = doc.paths['/api/v1/events']!.post as OperationObject;
    const content = ingest.requestBody!.content;
    expect(Object.keys(content)).toEqual(['application/json', 'application/x-ndjson']);
    expect(content['application/x-ndjson']).toMatchObject({
      schema: { type: 'string' },
      'x-itemSchema': { $ref: '#/components/schemas/EventInput' },
    });
    expect(JSON.stringify(content['application/x-ndjson']?.schema)).toMatch(/one EventInput object per line/);
    expect(Object.keys(ingest.responses)).toEqual(['202', '400', '401', '413', '415', '429', '503']);
  });

  it('generates TypeScript types that compile, and lib/openapi-types.ts is up to date', async () => {
    const source = await renderOpenApiTypes();
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-openapi-'));
    try {
      await writeFile(path.join(dir, 'openapi-types.ts'), source);
      // Uses of the generated types: a wrong shape must be an error, so `@ts-expect-error` must be needed.
      await writeFile(
        path.join(dir, 'probe.ts'),
        [
          "import type { components, operations, paths } from './openapi-types';",
          "type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;",
          "type Created = Json<paths['/api/v1/rules']['post']['responses'][201]>;",
          "export const id: Created['id'] = 'r1';",
          "export const listed: Json<operations['listIncidents']['responses'][200]>['nextCursor'] = null;",
          "export const error: components['schemas']['Error'] = { error: { code: 'x', message: 'y' } };",
          "export const ndjson: paths['/api/v1/events']['post']['requestBody']['content']['application/x-ndjson'] =",
          '  \'{"id":"a","type":"t"}\\n\';',
          '// @ts-expect-error an error has a message',
          "export const bad: components['schemas']['Error'] = { error: { code: 'x' } };",
          '// @ts-expect-error a rule id is a string',
          "export const badId: Created['id'] = 1;",
          '',
        ].join('\n'),
      );
      const program = ts.createProgram([path.join(dir, 'probe.ts')], {
        strict: true,
        noEmit: true,
        noUncheckedIndexedAccess: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: [],
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(source === (await readFile(openApiTypesFile, 'utf8')), 'run `npm run openapi:types`').toBe(true);
  }, 60_000);
});
