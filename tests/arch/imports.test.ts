// The one-way import rule (core <- data <- workers <- state <- ui) is enforced by ESLint, which `npm test`
// runs first. These probes prove the rule is live: a forbidden import in each layer is reported.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImports(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rule', () => {
  it.each([
    ['src/ui/probe.ts', "import Dexie from 'dexie';"],
    ['src/ui/probe.ts', "import { wrap } from 'comlink';"],
    ['src/ui/probe.ts', "import { openDatabase } from '../data/schema.ts';"],
    ['src/core/probe.ts', "import { readFileSync } from 'node:fs';"],
    ['src/core/probe.ts', "import Dexie from 'dexie';"],
    ['src/core/probe.ts', "import { AppState } from '../state/app.svelte.ts';"],
    ['src/data/probe.ts', "import { importer } from '../workers/client.ts';"],
    ['src/workers/probe.ts', "import { AppState } from '../state/app.svelte.ts';"],
    ['src/state/probe.ts', "import { openDatabase } from '../data/schema.ts';"],
  ])('%s may not: %s', async (path, code) => {
    expect(await restrictedImports(path, code)).toHaveLength(1);
  });

  it.each([
    ['src/ui/probe.ts', "import { AppState } from '../state/app.svelte.ts';"],
    ['src/state/probe.ts', "import { importer } from '../workers/client.ts';"],
    ['src/workers/probe.ts', "import { openDatabase } from '../data/schema.ts';"],
    ['src/data/probe.ts', "import { ingest } from '../core/ingest/ingest.ts';"],
  ])('%s may: %s', async (path, code) => {
    expect(await restrictedImports(path, code)).toEqual([]);
  });

  it('forbids {@html} in components', async () => {
    const [result] = await eslint.lintText('<script lang="ts">let { name } = $props();</script>\n<p>{@html name}</p>\n', { filePath: 'src/ui/Probe.svelte' });
    expect(result.messages.map((m) => m.ruleId)).toContain('svelte/no-at-html-tags');
  });
});
