import { defineConfig } from 'tsup';

// The worker, the webhook receiver and the sandbox are private workspace apps: the published CLI carries them inside
// its bundle (with their types), and installs what they import as its own dependencies.
const bundled = ['@teardown/sandbox', '@teardown/webhooks', '@teardown/worker'];

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts', resolve: bundled },
  noExternal: bundled,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
