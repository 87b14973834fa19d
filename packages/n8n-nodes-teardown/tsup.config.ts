import { defineConfig } from 'tsup';

// n8n loads CommonJS from dist; @teardown/core is bundled in so the package ships with no runtime dependencies, in its
// build for hosts that do their own I/O (no node:http, no timers: HTTP goes through n8n's helpers, sleep is n8n's).
export default defineConfig({
  entry: {
    'credentials/MonoBrebApi.credentials': 'credentials/MonoBrebApi.credentials.ts',
    'credentials/AlibabaCloudApi.credentials': 'credentials/AlibabaCloudApi.credentials.ts',
    'credentials/EpapApi.credentials': 'credentials/EpapApi.credentials.ts',
    'nodes/MonoBreb/MonoBreb.node': 'nodes/MonoBreb/MonoBreb.node.ts',
    'nodes/MonoBrebTrigger/MonoBrebTrigger.node': 'nodes/MonoBrebTrigger/MonoBrebTrigger.node.ts',
    'nodes/AlibabaCloudCams/AlibabaCloudCams.node': 'nodes/AlibabaCloudCams/AlibabaCloudCams.node.ts',
    'nodes/Epap/Epap.node': 'nodes/Epap/Epap.node.ts',
  },
  format: ['cjs'],
  outExtension: () => ({ js: '.js' }),
  platform: 'node',
  target: 'node20',
  clean: true,
  noExternal: ['@teardown/core'],
  external: ['n8n-workflow'],
  esbuildOptions: (options) => void (options.conditions = ['teardown-host-io']),
});
