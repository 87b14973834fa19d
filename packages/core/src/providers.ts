// The providers Teardown deletes at: one list, from which the `Provider` type is derived, so a table keyed by
// provider (`Record<Provider, …>`) that forgets one does not compile.
export const PROVIDERS = ['mono-breb', 'alibaba-cams', 'epap'] as const;

export type Provider = (typeof PROVIDERS)[number];

/** How people call each provider, in messages and progress displays. */
export const PROVIDER_LABEL: Record<Provider, string> = {
  'mono-breb': 'Mono Bre-B',
  'alibaba-cams': 'Alibaba Cloud CAMS',
  epap: 'epap',
};
