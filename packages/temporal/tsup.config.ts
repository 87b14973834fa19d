import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'workflows/index': 'src/workflows/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Workflows are bundled again by the Temporal worker; keep the SDK and core as imports.
  external: [/^@temporalio\//, /^@teardown\/core/],
});
