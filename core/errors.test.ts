import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { errorFields } from './errors';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('errorFields', () => {
  it("names PostgreSQL's code, constraint and detail behind drizzle's Failed query, never the parameters", async () => {
    await t.sql`create table unique_things (name text primary key)`;
    await t.sql`insert into unique_things values ('secret-value')`;
    const byDrizzle = await t.db.execute(`insert into unique_things values ('secret-value')`).then(
      () => null,
      (error: unknown) => error,
    );
    const byPostgresJs = await t.sql`insert into unique_things values (${'secret-value'})`.then(
      () => null,
      (error: unknown) => error,
    );
    for (const error of [byDrizzle, byPostgresJs]) {
      const fields = errorFields(error);
      expect(fields).toMatchObject({
        code: '23505',
        constraint: 'unique_things_pkey',
        table: 'unique_things',
        detail: 'Key (name)=(secret-value) already exists.',
      });
      expect(fields.error).toContain('duplicate key value violates unique constraint "unique_things_pkey"');
      expect(fields.error).not.toContain('Failed query');
    }
    const params = await t.db
      .insert(apiTokens)
      .values({ name: 'x', tokenHash: 'parameter-only-hash', prefix: 'p', userId: crypto.randomUUID() })
      .then(
        () => null,
        (error: unknown) => error,
      );
    const fields = errorFields(params);
    expect(fields.query).toMatch(/^insert into "api_tokens"/);
    expect(JSON.stringify(fields)).not.toContain('parameter-only-hash');
    expect(fields).toMatchObject({ code: '23503', constraint: 'api_tokens_user_id_users_id_fk' });
  });

  it('keeps the whole message chain of other errors', () => {
    const error = new Error('flush failed', { cause: new Error('socket closed') });
    expect(errorFields(error)).toEqual({ error: 'flush failed: socket closed' });
    expect(errorFields('plain')).toEqual({ error: 'plain' });
  });
});
