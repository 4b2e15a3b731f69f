import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, ValidationError } from '@/core/errors';
import { readBodyLimited } from './parse-body';

describe('readBodyLimited on a Node stream', () => {
  it('reads the whole body', async () => {
    const stream = new PassThrough();
    const read = readBodyLimited(null, stream);
    stream.end('{"events":[]}');
    await expect(read).resolves.toBe('{"events":[]}');
  });

  it('refuses a body past the limit', async () => {
    const stream = new PassThrough();
    const read = readBodyLimited(null, stream, 4);
    stream.write('12345');
    await expect(read).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('settles when the client went away before the read started (no request left hanging)', async () => {
    const stream = new PassThrough();
    stream.write('{"ev');
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve)); // 'close' has fired
    const read = readBodyLimited(null, stream);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('hung'), 1000));
    await expect(Promise.race([read.catch((error: unknown) => error), timeout])).resolves.toBeInstanceOf(
      ValidationError,
    );
  });

  it('settles when the client goes away during the read', async () => {
    const stream = new PassThrough();
    const read = readBodyLimited(null, stream);
    stream.write('{"ev');
    stream.destroy();
    await expect(read).rejects.toBeInstanceOf(ValidationError);
  });
});
