export { default } from '../../vitest.temporal.config.js';
