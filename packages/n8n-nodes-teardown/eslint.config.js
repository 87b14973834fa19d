// The root type-aware config, plus n8n's rules for verified community nodes.
import root from '../../eslint.config.js';

export default [{ ignores: ['scripts/**'] }, ...root];
