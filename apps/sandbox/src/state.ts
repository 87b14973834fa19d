// The sandbox's in-memory world: every resource of the three providers, what happened to it, and how often
// each endpoint was called. Deleted resources stay here with their timestamps: they are the record tests compare to.
import type { MonoCollection, MonoCollectionState, MonoQrCode, MonoUsageMode } from '@teardown/core';
import { randomString } from './random.js';

/**
 * What a seed says has already happened — a cancelled QR code, a discarded collection — happened this long before the
 * seed, as it would in life: nothing gone before a batch was gone a millisecond before it. Core tells "gone before us"
 * from Mono's `updated_at` with a 1 s clock tolerance, so a seed stamped "now" and a batch started at once could read
 * a lost response's retry of a pre-cancelled code as our own delete.
 */
const SEEDED_PAST_MS = 60_000;

/** How many delete (or cancel) requests reached a resource, and how many took effect (0 or 1). */
export interface DeleteRecord {
  deleteRequests: number;
  deletions: number;
  deletedAt?: string;
}

export interface SandboxCollection extends MonoCollection, DeleteRecord {
  discardedAt?: string;
}

export interface SandboxQrCode extends MonoQrCode, DeleteRecord {
  canceledAt?: string;
}

export interface SandboxCamsQrCode extends DeleteRecord {
  phoneNumber: string;
  qrdlCode: string;
  custSpaceId?: string;
  ownerAccessKeyId: string;
  prefilledMessage: string;
  generateQrImage: string;
  exists: boolean;
}

export interface SandboxReceipt extends DeleteRecord {
  epapId: string;
  chainId: string;
  appUserId: string;
  clientId: string;
  exists: boolean;
}

/** A record a delete can reach: the core operation that deletes it, the fields that name it, its real deletions. */
export interface SandboxTarget {
  operation: string;
  fields: Record<string, string>;
  deletions: number;
}

export interface SeedRequest {
  mono?: {
    collections?: {
      id?: string;
      state?: MonoCollectionState;
      paidAmount?: number;
      qrCodes?: { id?: string; usageMode?: MonoUsageMode; canceled?: boolean }[];
    }[];
    /** Extra `ready` collections, each with `qrCodesPerCollection` active dynamic QR codes. */
    count?: number;
    qrCodesPerCollection?: number;
  };
  cams?: {
    qrCodes?: { phoneNumber?: string; qrdlCode?: string; custSpaceId?: string; ownerAccessKeyId?: string }[];
    count?: number;
  };
  epap?: { receipts?: { epapId?: string; chainId?: string; appUserId?: string }[]; count?: number };
}

export interface SeedResult {
  mono: { collections: { id: string; qrCodes: string[] }[] };
  cams: { qrCodes: { phoneNumber: string; qrdlCode: string; custSpaceId?: string }[] };
  epap: { receipts: { epapId: string; chainId: string; appUserId: string }[] };
}

export interface SandboxState {
  mono: { collections: SandboxCollection[]; qrCodes: SandboxQrCode[] };
  /** `arrivals`: when each request reached CAMS's flow control (epoch ms, admitted or refused), oldest first. */
  cams: { qrCodes: SandboxCamsQrCode[]; arrivals: number[] };
  epap: { receipts: SandboxReceipt[] };
  webhookDeliveries: { url: string; type: string; collectionId: string; attempts: number; delivered: boolean }[];
}

export interface Identity {
  monoClientId: string;
  camsAccessKeyId: string;
  camsPhoneNumber: string;
  epapClientId: string;
  epapChainId: string;
}

export class World {
  collections = new Map<string, SandboxCollection>();
  qrCodes = new Map<string, SandboxQrCode>();
  camsQrCodes = new Map<string, SandboxCamsQrCode>();
  receipts = new Map<string, SandboxReceipt>();
  webhookDeliveries: SandboxState['webhookDeliveries'] = [];
  calls = new Map<string, number>();
  camsArrivals: number[] = [];

  constructor(
    private readonly random: () => number,
    private readonly now: () => number,
    private readonly identity: Identity,
  ) {}

  monoId(prefix: string): string {
    return `${prefix}_${randomString(this.random, 22)}`;
  }

  iso(msAgo = 0): string {
    return new Date(this.now() - msAgo).toISOString();
  }

  newCollection(id = this.monoId('bbcol'), state: MonoCollectionState = 'ready', paidAmount = 0): SandboxCollection {
    const at = this.iso(state === 'discarded' ? SEEDED_PAST_MS : 0);
    const collection: SandboxCollection = {
      id,
      external_id: `ext-${id.slice(-8)}`,
      tenant_account_id: 'tacc_sandbox',
      usage_mode: 'multiple_use',
      state,
      state_reason: state === 'discarded' ? 'deleted' : null,
      enabled: state !== 'discarded' && state !== 'failed',
      nickname: null,
      reference: null,
      metadata: null,
      paid_amount: { amount: paidAmount, currency: 'COP' },
      total_minimum_amount: null,
      total_maximum_amount: null,
      minimum_attempt_amount: null,
      maximum_attempt_amount: null,
      keys: [
        {
          name: 'sandbox',
          state: state === 'discarded' ? 'canceled' : 'active',
          type: 'alphanumeric',
          value: `@${id.slice(-10).toLowerCase()}`,
        },
      ],
      successful_attempts: paidAmount > 0 ? 1 : 0,
      failed_attempts: 0,
      expires_at: null,
      inserted_at: at,
      updated_at: at,
      deleteRequests: 0,
      deletions: 0,
    };
    this.collections.set(id, collection);
    return collection;
  }

  newQrCode(
    collectionId: string,
    id = this.monoId('bbqr'),
    usageMode: MonoUsageMode = 'single_use',
    canceled = false,
    amount = 10_000,
  ): SandboxQrCode {
    const at = this.iso(canceled ? SEEDED_PAST_MS : 0);
    const qr: SandboxQrCode = {
      id,
      collection_id: collectionId,
      usage_mode: usageMode,
      canceled,
      amount: { amount, currency: 'COP' },
      expires_at: usageMode === 'single_use' ? new Date(this.now() + 3_600_000).toISOString() : null,
      emvco: `00020101021${usageMode === 'single_use' ? '2' : '1'}26${id}`,
      image: null,
      payment_id: null,
      inserted_at: at,
      updated_at: at,
      deleteRequests: 0,
      deletions: 0,
    };
    this.qrCodes.set(id, qr);
    return qr;
  }

  camsKey(phoneNumber: string, qrdlCode: string): string {
    return `${phoneNumber}/${qrdlCode}`;
  }

  newCamsQrCode(
    phoneNumber = this.identity.camsPhoneNumber,
    qrdlCode = randomString(this.random, 8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    ownerAccessKeyId = this.identity.camsAccessKeyId,
    custSpaceId?: string,
  ): SandboxCamsQrCode {
    const qr: SandboxCamsQrCode = {
      phoneNumber,
      qrdlCode,
      ...(custSpaceId && { custSpaceId }),
      ownerAccessKeyId,
      prefilledMessage: 'Hello',
      generateQrImage: 'PNG',
      exists: true,
      deleteRequests: 0,
      deletions: 0,
    };
    this.camsQrCodes.set(this.camsKey(phoneNumber, qrdlCode), qr);
    return qr;
  }

  newReceipt(
    epapId = randomString(this.random, 20),
    chainId = this.identity.epapChainId,
    appUserId = `user_${randomString(this.random, 12)}`,
  ): SandboxReceipt {
    const receipt: SandboxReceipt = {
      epapId,
      chainId,
      appUserId,
      clientId: this.identity.epapClientId,
      exists: true,
      deleteRequests: 0,
      deletions: 0,
    };
    this.receipts.set(epapId, receipt);
    return receipt;
  }

  seed(request: SeedRequest): SeedResult {
    const result: SeedResult = { mono: { collections: [] }, cams: { qrCodes: [] }, epap: { receipts: [] } };
    const monoSpecs = [...(request.mono?.collections ?? [])];
    for (let i = 0; i < (request.mono?.count ?? 0); i++) {
      monoSpecs.push({ qrCodes: Array.from({ length: request.mono?.qrCodesPerCollection ?? 0 }, () => ({})) });
    }
    for (const spec of monoSpecs) {
      const collection = this.newCollection(spec.id, spec.state, spec.paidAmount);
      const qrCodes = (spec.qrCodes ?? []).map((q) => this.newQrCode(collection.id, q.id, q.usageMode, q.canceled).id);
      result.mono.collections.push({ id: collection.id, qrCodes });
    }
    const camsSpecs: NonNullable<NonNullable<SeedRequest['cams']>['qrCodes']> = [
      ...(request.cams?.qrCodes ?? []),
      ...Array.from({ length: request.cams?.count ?? 0 }, () => ({})),
    ];
    for (const spec of camsSpecs) {
      const qr = this.newCamsQrCode(spec.phoneNumber, spec.qrdlCode, spec.ownerAccessKeyId, spec.custSpaceId);
      result.cams.qrCodes.push({
        phoneNumber: qr.phoneNumber,
        qrdlCode: qr.qrdlCode,
        ...(qr.custSpaceId && { custSpaceId: qr.custSpaceId }),
      });
    }
    const epapSpecs: NonNullable<NonNullable<SeedRequest['epap']>['receipts']> = [
      ...(request.epap?.receipts ?? []),
      ...Array.from({ length: request.epap?.count ?? 0 }, () => ({})),
    ];
    for (const spec of epapSpecs) {
      const r = this.newReceipt(spec.epapId, spec.chainId, spec.appUserId);
      result.epap.receipts.push({ epapId: r.epapId, chainId: r.chainId, appUserId: r.appUserId });
    }
    return result;
  }

  snapshot(): SandboxState {
    return structuredClone({
      mono: { collections: [...this.collections.values()], qrCodes: [...this.qrCodes.values()] },
      cams: { qrCodes: [...this.camsQrCodes.values()], arrivals: this.camsArrivals },
      epap: { receipts: [...this.receipts.values()] },
      webhookDeliveries: this.webhookDeliveries,
    });
  }

  targets(): SandboxTarget[] {
    const target = (operation: string, fields: Record<string, string | undefined>, { deletions }: DeleteRecord) => ({
      operation,
      fields: Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined)),
      deletions,
    });
    return [
      ...[...this.collections.values()].map((c) => target('deleteCollection', { collectionId: c.id }, c)),
      ...[...this.qrCodes.values()].map((q) =>
        target('cancelQrCode', { collectionId: q.collection_id, qrCodeId: q.id }, q),
      ),
      ...[...this.camsQrCodes.values()].map((q) =>
        target(
          'deletePhoneMessageQrdl',
          { phoneNumber: q.phoneNumber, qrdlCode: q.qrdlCode, custSpaceId: q.custSpaceId },
          q,
        ),
      ),
      ...[...this.receipts.values()].map((r) =>
        target('deleteReceipt', { epapId: r.epapId, chainId: r.chainId, appUserId: r.appUserId }, r),
      ),
    ];
  }

  count(provider: string, operation: string): number {
    const key = `${provider}.${operation}`;
    const n = (this.calls.get(key) ?? 0) + 1;
    this.calls.set(key, n);
    return n;
  }

  reset(): void {
    this.collections.clear();
    this.qrCodes.clear();
    this.camsQrCodes.clear();
    this.receipts.clear();
    this.webhookDeliveries = [];
    this.calls.clear();
    this.camsArrivals = [];
  }
}
