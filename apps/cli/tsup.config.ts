import { defineConfig } from 'tsup';
import { writeWorkflowBundle } from '@teardown/worker';

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
  // The worker it carries loads its workflows from dist/workflow-bundle.js, bundled once here (apps/worker/src/bundle.ts).
  onSuccess: () => writeWorkflowBundle('dist'),
});
