import { defineConfig } from 'tsup';
import { writeWorkflowBundle } from './src/bundle.js';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The workflows bundled once here, not by every worker at start-up (src/bundle.ts).
  onSuccess: () => writeWorkflowBundle('dist'),
});
