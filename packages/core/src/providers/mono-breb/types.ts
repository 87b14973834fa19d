// Mono Bre-B resources as the API returns them (snake_case, field names from Mono's docs).

export type MonoEnvironment = 'sandbox' | 'certification';

export const MONO_BASE_URLS: Record<MonoEnvironment, string> = {
  sandbox: 'https://breb-participant.sandbox.mono.la',
  certification: 'https://breb-participant.cert.monoban.co',
};

export type MonoCollectionState = 'created' | 'ready' | 'minimum_paid' | 'paid' | 'discarded' | 'failed';
export type MonoUsageMode = 'single_use' | 'multiple_use';

export interface MonoAmount {
  amount: number;
  /** `COP`. */
  currency: string;
}

export interface MonoKey {
  name: string;
  state: string;
  type: string;
  value: string;
}

export interface MonoCollection {
  id: string;
  external_id: string | null;
  tenant_account_id: string | null;
  usage_mode: MonoUsageMode;
  state: MonoCollectionState;
  /** `expired`, `inactivity` or `deleted` once discarded. */
  state_reason: string | null;
  enabled: boolean;
  nickname: string | null;
  reference: string | null;
  metadata: Record<string, unknown> | null;
  paid_amount: MonoAmount;
  total_minimum_amount: MonoAmount | null;
  total_maximum_amount: MonoAmount | null;
  minimum_attempt_amount: MonoAmount | null;
  maximum_attempt_amount: MonoAmount | null;
  keys: MonoKey[];
  successful_attempts: number;
  failed_attempts: number;
  expires_at: string | null;
  inserted_at: string;
  updated_at: string;
}

export interface MonoQrCode {
  id: string;
  collection_id: string;
  usage_mode: MonoUsageMode;
  canceled: boolean;
  amount: MonoAmount | null;
  expires_at: string | null;
  emvco: string;
  image: string | null;
  payment_id: string | null;
  inserted_at: string;
  updated_at: string;
}

export type MonoCollectionEventType =
  | 'collection.created'
  | 'collection.ready'
  | 'collection.minimum_paid'
  | 'collection.paid'
  | 'collection.failed'
  | 'collection.discarded'
  | 'collection.updated'
  | 'collection.attempt_successful'
  | 'collection.attempt_unsuccessful';

export interface MonoWebhookEvent {
  /** A `MonoCollectionEventType`, or a newer event type. */
  event: { type: string; data: Partial<MonoCollection> & { id: string; state?: MonoCollectionState } };
  timestamp: string;
}
