// epap, the module: its declaration (provider.ts) with its client and error table.
import { defineModule } from '../../provider.js';
import { EpapClient } from './client.js';
import { EPAP_ERRORS } from './errors.js';
import { epapSpec } from './provider.js';
import type { EpapClientOptions } from './types.js';

export const epap = defineModule(epapSpec, {
  createClient: (options: EpapClientOptions) => new EpapClient(options),
  errors: EPAP_ERRORS,
});
