import type { CleanEvent } from './jobs';

/** `k:<dedupKey>` for one business fact from any source, else `i:<source>:<id>` (DESIGN.md). */
export function dedupKeyOf(event: CleanEvent, source: string): string {
  return event.dedupKey !== undefined ? `k:${event.dedupKey}` : `i:${source}:${event.id}`;
}

/**
 * The ingest partition of a de-duplication key: FNV-1a over its UTF-16 code units, modulo the partition
 * count. Every copy of one key lands in one partition whatever request carries it, so no two partitions
 * hold the same event. The hash is part of the queue layout: changing it reshuffles queued keys.
 */
export function ingestPartitionOf(key: string, partitions: number): number {
  if (partitions === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
