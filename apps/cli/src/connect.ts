// The Temporal connection: Temporal's own environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE, or ~/.config/temporalio/temporal.toml), then the flags on top.
import { Client, Connection } from '@temporalio/client';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';
import { TeardownClient } from '@teardown/temporal';
import { CliError, EXIT } from './exit.js';

export interface TemporalFlags {
  address?: string;
  namespace?: string;
  apiKey?: string;
  /** true: TLS with system roots; false: plain text; undefined: what the configuration says. */
  tls?: boolean;
  profile?: string;
  taskQueue?: string;
}

export interface Connected {
  teardown: TeardownClient;
  address: string;
  namespace: string;
  close(): Promise<void>;
}

/** Temporal's configuration (profile, environment) with the flags on top. */
export function temporalConfig(flags: TemporalFlags) {
  const profile = loadClientConfigProfile(flags.profile === undefined ? {} : { profile: flags.profile });
  if (flags.address !== undefined) profile.address = flags.address;
  if (flags.namespace !== undefined) profile.namespace = flags.namespace;
  if (flags.apiKey !== undefined) profile.apiKey = flags.apiKey;
  if (flags.tls !== undefined) profile.tls = { ...profile.tls, disabled: !flags.tls };
  const { connectionOptions, namespace = 'default' } = toClientOptions(profile);
  return {
    connectionOptions: { ...connectionOptions, address: connectionOptions.address ?? 'localhost:7233' },
    namespace,
  };
}

export async function connectTemporal(flags: TemporalFlags): Promise<Connected> {
  const { connectionOptions, namespace } = temporalConfig(flags);
  const { address } = connectionOptions;
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...connectionOptions, connectTimeout: '5 seconds' });
  } catch (error) {
    throw new CliError(
      `Could not reach Temporal at ${address}: ${error instanceof Error ? error.message : String(error)}. Set TEMPORAL_ADDRESS or --address (and --namespace, --api-key, --tls for Temporal Cloud).`,
      EXIT.temporalUnreachable,
    );
  }
  const client = new Client({ connection, namespace });
  return {
    teardown: new TeardownClient({ client, ...(flags.taskQueue && { taskQueue: flags.taskQueue }) }),
    address,
    namespace,
    close: () => connection.close(),
  };
}
