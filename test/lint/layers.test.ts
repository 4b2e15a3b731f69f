import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layers of eslint.config.mjs, checked on probe files that are never written: each import that crosses
// a forbidden boundary must be reported, each allowed one must not.
const eslint = new ESLint({
  cwd: process.cwd(),
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function restricted(filePath: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('the layers', () => {
  it.each([
    ['workers/probe.ts', "import { runtime } from '@/server/runtime';"],
    ['workers/ingest/probe.ts', "import { logger } from '../../server/logger';"],
    ['server/probe.ts', "import { startIngestWorker } from '@/workers/ingest';"],
    ['core/services/probe.ts', "import { runtime } from '@/server/runtime';"],
    ['core/queries/probe.ts', "import { workerMetrics } from '@/workers/metrics';"],
    ['lib/metrics/probe.ts', "import { ValidationError } from '@/core/errors';"],
    ['lib/probe.ts', "import { metrics } from '@/db/schema';"],
    ['contracts/probe.ts', "import type { Db } from '@/db/client';"],
    ['components/probe.tsx', "import { runtime } from '@/server/runtime';"],
  ])('refuses %s: %s', async (file, source) => {
    expect(await restricted(file, source)).toBe(1);
  });

  it.each([
    ['workers/probe.ts', "import { createRule } from '@/core/services/rules/create-rule';"],
    ['server/probe.ts', "import { getRule } from '@/core/queries/rules/get-rule';"],
    ['core/services/probe.ts', "import { jobCatalogue } from '@/contracts/jobs';"],
    ['workers/probe.test.ts', "import { runtime } from '@/server/runtime';"],
    ['components/probe.tsx', "import { metricFrameSchema } from '@/contracts/socket';"],
  ])('allows %s: %s', async (file, source) => {
    expect(await restricted(file, source)).toBe(0);
  });
});
