'use client';

import { z } from 'zod';

// The page's CSP has no 'unsafe-eval'. Zod 4 probes for eval (`new Function('')`) before its first object
// parse to compile fast parsers; the probe is caught, but the browser still reports a violation. Jitless
// mode skips the probe. Browser only: the server keeps the compiled parsers (ingest validation).
if (typeof window !== 'undefined') z.config({ jitless: true });

/** Rendered once by the root layout so this module runs before any client component parses input. */
export function NoEval(): null {
  return null;
}
