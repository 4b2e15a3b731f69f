import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/server/openapi';

type Doc = { paths: Record<string, Record<string, unknown>> };

describe('openapi.json: surge rules', () => {
  it('documents every surge operation', () => {
    const doc = openApiDocument() as unknown as Doc;
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/v1/surge-rules',
        'POST /api/v1/surge-rules',
        'POST /api/v1/surge-rules/backtest',
        'GET /api/v1/surge-rules/{id}',
        'PATCH /api/v1/surge-rules/{id}',
        'DELETE /api/v1/surge-rules/{id}',
        'GET /api/v1/surges',
        'GET /api/v1/surges/current',
      ]),
    );
  });
});
