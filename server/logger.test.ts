import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { serializeError } from './logger';

describe('serializeError', () => {
  it("logs a database error's cause and frames, never drizzle's query parameters", () => {
    const cause = Object.assign(
      new Error('duplicate key value violates unique constraint "users_email_unique"'),
      {
        code: '23505',
        constraint_name: 'users_email_unique',
      },
    );
    const error = new DrizzleQueryError(
      'update "users" set "password_hash" = $1 where "id" = $2',
      ['$argon2id$v=19$secret-hash\n    at a line that looks like a frame', 'u1'],
      cause,
    );
    const logged = serializeError(error);
    expect(logged).toMatchObject({
      message: 'duplicate key value violates unique constraint "users_email_unique"',
      code: '23505',
      constraint: 'users_email_unique',
      query: 'update "users" set "password_hash" = $1 where "id" = $2',
    });
    expect(logged.stack).toMatch(/\n\s+at /);
    expect(JSON.stringify(logged)).not.toContain('secret-hash');
    expect(JSON.stringify(logged)).not.toContain('looks like a frame');
  });

  it('keeps the message, type and frames of any other error', () => {
    const logged = serializeError(new TypeError('x is not a function'));
    expect(logged).toMatchObject({ type: 'TypeError', message: 'x is not a function' });
    expect(String(logged.stack)).toMatch(/^TypeError: x is not a function\n\s+at /);
  });
});
