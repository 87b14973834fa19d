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

const CONFIG_FILE =
  'TEMPORAL_CONFIG_FILE or else ~/.config/temporalio/temporal.toml (on macOS in ~/Library/Application Support/temporalio/)';

/** Temporal's configuration file or variables, read by envconfig; its errors as one line naming where profiles come from. */
function loadProfile(flags: TemporalFlags) {
  const name = flags.profile ?? process.env.TEMPORAL_PROFILE;
  try {
    return loadClientConfigProfile(flags.profile === undefined ? {} : { profile: flags.profile });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (name !== undefined && /^Profile '.*' not found/.test(message))
      throw new CliError(
        `No Temporal profile "${name}" (from ${flags.profile === undefined ? 'TEMPORAL_PROFILE' : '--profile'}): profiles are [profile.<name>] tables in Temporal's configuration file, ${CONFIG_FILE}; \`temporal config set --profile ${name} --prop address --value <host:port>\` adds one.`,
        EXIT.invalidInput,
      );
    throw new CliError(`Temporal's configuration file, ${CONFIG_FILE}: ${message}`, EXIT.invalidInput);
  }
}

/** Temporal's configuration (profile, environment) with the flags on top. */
export function temporalConfig(flags: TemporalFlags) {
  const profile = loadProfile(flags);
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
