// Alibaba Cloud CAMS, the module: its declaration (provider.ts) with its client and error table.
import { defineModule } from '../../provider.js';
import { AlibabaCamsClient, type AlibabaCamsClientOptions } from './client.js';
import { CAMS_ERRORS } from './errors.js';
import { alibabaCamsSpec } from './provider.js';

export const alibabaCams = defineModule(alibabaCamsSpec, {
  createClient: (options: AlibabaCamsClientOptions) => new AlibabaCamsClient(options),
  errors: CAMS_ERRORS,
});
