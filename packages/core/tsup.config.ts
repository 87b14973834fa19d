import { defineConfig } from 'tsup';

const common = { entry: { index: 'src/index.ts' }, format: ['esm', 'cjs'], sourcemap: true, target: 'node20' } as const;

export default defineConfig([
  { ...common, dts: true },
  // For hosts that do their own I/O (the n8n package bundles this one): `#platform` resolves to src/platform/host.ts,
  // so no node:http, node:https or node:timers is in it. Same API, same types.
  {
    ...common,
    entry: { 'host-io/index': 'src/index.ts' },
    esbuildOptions: (options) => void (options.conditions = ['teardown-host-io']),
  },
]);
