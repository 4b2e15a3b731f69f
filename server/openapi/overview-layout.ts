import { z } from 'zod';
import { errorSchema } from '@/contracts/responses/common';
import { overviewLayoutResponseSchema as layoutResponse } from '@/contracts/responses/overview-layout';
import { registerComponents } from '@/server/openapi-components';
import { overviewLayoutInputSchema } from '@/core/services/overview-layout/schemas';

/** The overview-layout part of /api/v1/openapi.json. */

registerComponents({ OverviewLayout: layoutResponse });

type LayoutOperation = {
  method: 'get' | 'put' | 'delete';
  path: string;
  summary: string;
  auth: 'session';
  body?: z.ZodType;
  responses: Record<number, z.ZodType>;
};

export const overviewLayoutOperations: LayoutOperation[] = [
  {
    method: 'get',
    path: '/api/v1/overview-layout',
    summary: 'The caller’s overview layout (their own, else the team default), and the team default',
    auth: 'session',
    responses: { 200: layoutResponse, 401: errorSchema },
  },
  {
    method: 'put',
    path: '/api/v1/overview-layout',
    summary: 'Saves the caller’s own overview layout: KPI tiles and charts in display order',
    auth: 'session',
    body: overviewLayoutInputSchema,
    responses: { 200: layoutResponse, 400: errorSchema, 401: errorSchema },
  },
  {
    method: 'delete',
    path: '/api/v1/overview-layout',
    summary: 'Forgets the caller’s own layout: back to the team default',
    auth: 'session',
    responses: { 200: layoutResponse, 401: errorSchema },
  },
  {
    method: 'put',
    path: '/api/v1/overview-layout/team',
    summary: 'Sets the team default overview layout (admins; audited)',
    auth: 'session',
    body: overviewLayoutInputSchema,
    responses: { 200: layoutResponse, 400: errorSchema, 401: errorSchema, 403: errorSchema },
  },
];
