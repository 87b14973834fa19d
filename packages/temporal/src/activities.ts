// Activities: one per core operation, same names, each a few lines that call core and translate its errors into
// Temporal failures. Retries belong to Temporal here, except within one activity attempt (see `createActivities`).
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  AlibabaCamsClient,
  EpapClient,
  MonoBrebClient,
  isTeardownError,
  type AlibabaCamsClientOptions,
  type DeleteOptions,
  type DeleteResult,
  type EpapClientOptions,
  type MonoBrebClientOptions,
  type MonoCollection,
  type MonoQrCode,
} from '@teardown/core';

export interface ActivitiesConfig {
  mono?: MonoBrebClientOptions;
  /** CAMS's limit is enforced by the CAMS task queue (maxTaskQueueActivitiesPerSecond), so the client's own limiter is off by default. */
  cams?: AlibabaCamsClientOptions;
  epap?: EpapClientOptions;
}

/** A core error as a Temporal failure: `type` is the provider's code, retryability is core's classification. */
export function toApplicationFailure(error: unknown): unknown {
  if (!isTeardownError(error)) return error;
  const { provider, operation, status, code, requestId, hint, classification } = error;
  return ApplicationFailure.create({
    type: code,
    message: error.message,
    nonRetryable: classification !== 'retryable',
    details: [{ provider, operation, status, code, requestId, hint, classification }],
  });
}

async function translated<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toApplicationFailure(error);
  }
}

function unconfigured(provider: string): never {
  throw ApplicationFailure.create({
    type: 'not_configured',
    message: `No ${provider} credentials were given to this worker`,
    nonRetryable: true,
  });
}

/**
 * Core keeps its own retries inside one attempt (so a lost response followed by "already gone" is known to be ours);
 * on a later Temporal attempt the delete may have been applied by an earlier attempt that got no answer, at any time
 * before, so core is told `mayHaveBeenApplied` and reports such a target as `deleted`. The price: a target someone else
 * deleted before or between our failed attempts also reads `deleted`.
 */
function deleteOptions(options: Pick<DeleteOptions, 'treatAlreadyGoneAsSuccess'> = {}): DeleteOptions {
  return { ...options, mayHaveBeenApplied: Context.current().info.attempt > 1 };
}

export function createActivities(config: ActivitiesConfig) {
  const mono = config.mono ? new MonoBrebClient(config.mono) : undefined;
  const cams = config.cams ? new AlibabaCamsClient({ rateLimiter: null, ...config.cams }) : undefined;
  const epap = config.epap ? new EpapClient(config.epap) : undefined;
  const needMono = () => mono ?? unconfigured('Mono Bre-B');
  const needCams = () => cams ?? unconfigured('Alibaba Cloud CAMS');
  const needEpap = () => epap ?? unconfigured('epap');
  type Opt = { treatAlreadyGoneAsSuccess?: boolean };

  return {
    cancelQrCode: (input: { collectionId: string; qrCodeId: string } & Opt): Promise<DeleteResult> =>
      translated(() => needMono().cancelQrCode(input, deleteOptions(input))),
    deleteCollection: (input: { collectionId: string } & Opt): Promise<DeleteResult> =>
      translated(() => needMono().deleteCollection(input, deleteOptions(input))),
    getCollection: (input: { collectionId: string }): Promise<MonoCollection> =>
      translated(() => needMono().getCollection(input)),
    getQrCode: (input: { collectionId: string; qrCodeId: string }): Promise<MonoQrCode> =>
      translated(() => needMono().getQrCode(input)),
    listQrCodes: (input: Parameters<MonoBrebClient['listQrCodes']>[0]): Promise<MonoQrCode[]> =>
      translated(() => needMono().listQrCodes(input)),
    listCollections: (input: Parameters<MonoBrebClient['listCollections']>[0]): Promise<MonoCollection[]> =>
      translated(() => needMono().listCollections(input)),
    deletePhoneMessageQrdl: (
      input: { phoneNumber: string; qrdlCode: string; custSpaceId?: string } & Opt,
    ): Promise<DeleteResult> => translated(() => needCams().deletePhoneMessageQrdl(input, deleteOptions(input))),
    listPhoneMessageQrdl: (input: { phoneNumber: string; custSpaceId?: string }) =>
      translated(() => needCams().listPhoneMessageQrdl(input)),
    deleteReceipt: (input: { epapId: string; chainId?: string; appUserId: string } & Opt): Promise<DeleteResult> =>
      translated(() => needEpap().deleteReceipt(input, deleteOptions(input))),
  };
}

export type Activities = ReturnType<typeof createActivities>;
