// Mono Bre-B, the module: its declaration (provider.ts) with its client and error table.
import { defineModule } from '../../provider.js';
import { MonoBrebClient, type MonoBrebClientOptions } from './client.js';
import { MONO_ERRORS } from './errors.js';
import { monoBrebSpec } from './provider.js';

export const monoBreb = defineModule(monoBrebSpec, {
  createClient: (options: MonoBrebClientOptions) => new MonoBrebClient(options),
  errors: MONO_ERRORS,
});
