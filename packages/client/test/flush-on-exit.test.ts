import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const child = path.join(import.meta.dirname, 'fixtures/exit-child.ts');

/** A server that records the ids it is sent and answers 202. */
async function recorder(): Promise<{ url: string; ids: string[]; close: () => void }> {
  const ids: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { events } = JSON.parse(Buffer.concat(chunks).toString()) as { events: { id: string }[] };
      ids.push(...events.map((e) => e.id));
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: events.length, rejected: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, ids, close: () => server.close() };
}

describe('flushOnExit', () => {
  it('sends the partial batch when the process runs out of work, and after SIGTERM before dying of it', async () => {
    const server = await recorder();
    try {
      const ending = spawn(process.execPath, ['--import', 'tsx', child, server.url, 'exit']);
      const [code] = (await once(ending, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(server.ids).toEqual(['exit-0', 'exit-1', 'exit-2']);

      const stopped = spawn(process.execPath, ['--import', 'tsx', child, server.url, 'signal']);
      await once(stopped.stdout, 'data'); // ready
      expect(server.ids).toHaveLength(3); // the flush interval is a minute: nothing sent yet
      stopped.kill('SIGTERM');
      const [, signal] = (await once(stopped, 'exit')) as [number | null, NodeJS.Signals | null];
      expect(signal).toBe('SIGTERM');
      expect(server.ids.slice(3)).toEqual(['signal-0', 'signal-1', 'signal-2']);
    } finally {
      server.close();
    }
  }, 30_000);
});
