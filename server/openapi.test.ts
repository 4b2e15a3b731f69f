import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';

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
    ]);
  });
});
