import { z } from 'zod';
import { errorSchema, nextCursorSchema } from '@/contracts/responses/common';

/**
 * The shapes /api/v1/openapi.json lists once under `components.schemas` and points to with `$ref`.
 * A registry of its own (not zod's global one) so documenting a schema never changes how it parses.
 */
export const openApiComponents = z.registry<{ id: string; description?: string }>();

/**
 * Lists one documented shape as a component. Two different shapes under one name are caught when the
 * document is built (server/openapi.ts), not here, so a module reloaded in development registers again.
 */
export function registerComponent(id: string, schema: z.ZodType, description?: string): void {
  openApiComponents.add(schema, description ? { id, description } : { id });
}

/** Lists documented shapes as components, by name. */
export function registerComponents(shapes: Record<string, z.ZodType>): void {
  for (const [id, schema] of Object.entries(shapes)) registerComponent(id, schema);
}

// The shapes every area shares (contracts/responses/common.ts).
registerComponent(
  'Error',
  errorSchema,
  'An error: a stable code, a message for people, and the input field at fault when there is one',
);
registerComponent(
  'NextCursor',
  nextCursorSchema,
  'Pass it back as `cursor` for the next (older) page; null on the last page',
);
