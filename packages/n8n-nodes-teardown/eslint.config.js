// The root type-aware config, plus n8n's recommended rules for verified community nodes on the sources. package.json's
// rules (no runtime dependencies, peer dependency, files) are checked by test/package.test.ts.
import { configs as n8n } from '@n8n/eslint-plugin-community-nodes';
import root from '../../eslint.config.js';

export default [
  // Plain Node scripts outside the TypeScript project: the build's, and the scanner leg the tests run as npx would.
  { ignores: ['scripts/**', 'test/*.mjs'] },
  ...root,
  { ...n8n.recommended, files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'shared/**/*.ts'] },
];
