// The one-way import rule of ARCHITECTURE.md, enforced: core <- data <- workers <- state <- ui.
// `npm test` runs this lint first, so an import against the arrow fails the test run.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import svelteParser from 'svelte-eslint-parser';

const layer = (name) => ({ group: [`**/${name}/**`, `**/${name}`], message: `this layer must not import ${name}/ (ARCHITECTURE.md: core <- data <- workers <- state <- ui)` });
const pkg = (name, why) => ({ name, message: why });

export default [
  { ignores: ['dist/**', 'node_modules/**', 'bench-data/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
  },
  ...svelte.configs['flat/base'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    rules: { 'svelte/no-at-html-tags': 'error' },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['dexie', 'comlink', 'svelte', 'echarts'].map((n) => pkg(n, 'core is pure TypeScript: no browser, storage or UI library')),
        patterns: [layer('data'), layer('workers'), layer('state'), layer('ui'), layer('cli'),
          { group: ['node:*', 'fs', 'path'], message: 'core runs in workers too: no Node modules' },
          { group: ['echarts/*', 'svelte/*', 'dexie/*'], message: 'core is pure TypeScript: no browser, storage or UI library' }],
      }],
    },
  },
  {
    files: ['src/data/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['svelte', 'echarts', 'comlink'].map((n) => pkg(n, 'data is storage only')),
        patterns: [layer('workers'), layer('state'), layer('ui'), layer('cli')],
      }],
    },
  },
  {
    files: ['src/workers/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['svelte', 'echarts'].map((n) => pkg(n, 'workers compute; they draw nothing')),
        patterns: [layer('state'), layer('ui'), layer('cli')],
      }],
    },
  },
  {
    files: ['src/state/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [pkg('dexie', 'state reads storage through the workers, never Dexie directly')],
        patterns: [layer('ui'), layer('cli'), layer('data'),
          { group: ['dexie/*'], message: 'state reads storage through the workers, never Dexie directly' }],
      }],
    },
  },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['dexie', 'comlink'].map((n) => pkg(n, 'ui never imports dexie or comlink: it talks to state (ARCHITECTURE.md)')),
        patterns: [layer('data'), layer('workers'), layer('cli'),
          { group: ['dexie/*', 'comlink/*'], message: 'ui never imports dexie or comlink: it talks to state (ARCHITECTURE.md)' }],
      }],
    },
  },
];
