import { describe, expect, it } from 'vitest';
import { errorResponse, json } from './http';
import { ValidationError } from '@/core/errors';

/** A driver error as postgres.js raises it, wrapped the way drizzle wraps it. */
const pgError = (code: string) =>
  Object.assign(new Error('Failed query: ...'), { cause: Object.assign(new Error('db says no'), { code }) });

describe('errorResponse', () => {
  it('answers a value the database refused (SQLSTATE class 22) with 400, never 500', async () => {
    for (const code of ['22P02', '22021', '22008', '22003', '22P05']) {
      const response = errorResponse(pgError(code));
      expect(response.status, code).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation_error');
    }
  });

  it('answers a unique key taken by a concurrent request with 409', () => {
    expect(errorResponse(pgError('23505')).status).toBe(409);
  });

  it('keeps typed errors, and anything else is a 500 that names only a request id', async () => {
    const typed = errorResponse(new ValidationError('name is too long', 'name'));
    expect(typed.status).toBe(400);
    expect(await typed.json()).toEqual({
      error: { code: 'validation_error', message: 'name is too long', field: 'name' },
    });
    const unknown = errorResponse(new Error('secret detail'));
    expect(unknown.status).toBe(500);
    expect(await unknown.text()).not.toContain('secret detail');
  });

  it('JSON answers tell browsers not to sniff them as HTML', () => {
    const response = json({ name: '<script>alert(1)</script>' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });
});
