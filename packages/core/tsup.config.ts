import { defineConfig } from 'tsup';

const common = { format: ['esm', 'cjs'], sourcemap: true, target: 'node20' } as const;

export default defineConfig([
  // `pure` (no I/O: errors, validation, the provider list) is its own entry for Temporal workflow code; splitting keeps
  // one copy of each class shared by both entries, so `instanceof TeardownValidationError` holds across them.
  { ...common, entry: { index: 'src/index.ts', pure: 'src/pure.ts' }, splitting: true, dts: true },
  // For hosts that do their own I/O (the n8n package bundles this one): `#platform` resolves to src/platform/host.ts,
  // so no node:http, node:https or node:timers is in it. Same API, same types.
  {
    ...common,
    entry: { 'host-io/index': 'src/index.ts' },
    esbuildOptions: (options) => void (options.conditions = ['teardown-host-io']),
  },
]);
