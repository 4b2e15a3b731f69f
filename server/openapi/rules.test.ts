import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/server/openapi';

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content: Record<string, { schema: { oneOf?: { properties: { kind: unknown } }[] } }>;
        };
        parameters?: { name: string; in: string; required: boolean }[];
        responses: Record<string, unknown>;
      }
    >
  >;
};

describe('openapi.json: alerting', () => {
  it('documents every alerting operation from the handlers’ own schemas', () => {
    const doc = openApiDocument() as unknown as Doc;
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/v1/rules',
        'POST /api/v1/rules',
        'PATCH /api/v1/rules/{id}',
        'DELETE /api/v1/rules/{id}',
        'POST /api/v1/rules/backtest',
        'GET /api/v1/incidents',
        'GET /api/v1/incidents/stats',
        'GET /api/v1/incidents/{id}',
        'POST /api/v1/incidents/{id}/ack',
        'POST /api/v1/incidents/{id}/resolve',
        'POST /api/v1/incidents/{id}/comments',
        'POST /api/v1/incidents/{id}/assign',
        'POST /api/v1/silences',
        'PATCH /api/v1/silences/{id}',
        'DELETE /api/v1/maintenance-windows/{id}',
      ]),
    );
    const create = doc.paths['/api/v1/rules']?.post?.requestBody?.content['application/json']?.schema;
    expect(create?.oneOf?.map((v) => v.properties.kind)).toEqual([
      { type: 'string', const: 'threshold' },
      { type: 'string', const: 'rate_of_change' },
      { type: 'string', const: 'no_data' },
      { type: 'string', const: 'anomaly' },
      { type: 'string', const: 'sentiment' },
    ]);
    const list = doc.paths['/api/v1/incidents']?.get?.parameters?.map((p) => p.name);
    expect(list).toEqual([
      'status',
      'severity',
      'rule',
      'surgeRule',
      'metric',
      'assignee',
      'from',
      'to',
      'limit',
      'cursor',
    ]);
    expect(Object.keys(doc.paths['/api/v1/incidents/{id}/ack']?.post?.responses ?? {})).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
    ]);
  });
});
