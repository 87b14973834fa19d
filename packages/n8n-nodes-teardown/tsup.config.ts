import { defineConfig } from 'tsup';

// n8n loads CommonJS from dist; @teardown/core is bundled in so the package ships with no runtime dependencies.
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
});
