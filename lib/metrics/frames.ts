import type { PublishedPoint, PublishedPointWire } from '@/contracts/published-point';
import { deserializeSketches, serializeSketches } from './definitions';

export type { PublishedPoint };

const b64 = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString('base64') : null);
const unb64 = (text: string | null | undefined) => (text ? Buffer.from(text, 'base64') : null);

export function encodePoints(points: readonly PublishedPoint[]): string {
  return JSON.stringify(
    points.map((p): PublishedPointWire => {
      const { count, sum, min, max } = p.state;
      const wire: PublishedPointWire = [p.metric, p.aggregation, p.groupKey, p.bucket, count, sum, min, max];
      if (p.state.sketch || p.state.hll || p.state.topk) {
        const bytes = serializeSketches(p.state);
        wire.push(b64(bytes.sketch), b64(bytes.hll), b64(bytes.topk));
      }
      return wire;
    }),
  );
}

export function decodePoints(message: string): PublishedPoint[] {
  const wire = JSON.parse(message) as PublishedPointWire[];
  return wire.map(([metric, aggregation, groupKey, bucket, count, sum, min, max, sketch, hll, topk]) => ({
    metric,
    aggregation,
    groupKey,
    bucket,
    state: {
      count,
      sum,
      min,
      max,
      ...(sketch || hll || topk
        ? deserializeSketches({ sketch: unb64(sketch), hll: unb64(hll), topk: unb64(topk) })
        : {}),
    },
  }));
}
