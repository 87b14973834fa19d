// One validation at the edge, as a property over real HTTP: any string given to any ID field is either refused by core
// before any request, or reaches the provider (the sandbox) unchanged — the target seeded under exactly that string is
// the one deleted.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlibabaCamsClient,
  EpapClient,
  ID_FIELDS,
  MonoBrebClient,
  TeardownValidationError,
  idProblem,
  type IdField,
  type IdFieldName,
} from '@teardown/core';
import { startSandbox, type Sandbox } from '../src/index.js';

let sb: Sandbox;
let mono: MonoBrebClient;
let cams: AlibabaCamsClient;
let epap: EpapClient;

beforeAll(async () => {
  sb = await startSandbox({ seed: 21, camsRequestsPerSecond: 100_000 });
  mono = new MonoBrebClient(sb.credentials.mono);
  cams = new AlibabaCamsClient({ ...sb.credentials.cams, rateLimiter: null });
  epap = new EpapClient(sb.credentials.epap);
});
afterAll(() => sb.close());

const calls = () => JSON.stringify(sb.admin.calls());
let n = 0;
const unique = () => `${(n++).toString(36).padStart(4, '0')}`;

/** Seeds a target whose `field` is `value` (the rest valid), deletes it with the client, and says which record it hit. */
const roundTrip: Record<IdFieldName, (value: string) => Promise<() => number | undefined>> = {
  async monoCollectionId(id) {
    sb.admin.seed({ mono: { collections: [{ id }] } });
    await mono.deleteCollection({ collectionId: id });
    return () => sb.admin.state().mono.collections.find((c) => c.id === id)?.deletions;
  },
  async monoQrCodeId(id) {
    const collectionId = sb.admin.seed({ mono: { collections: [{ qrCodes: [{ id }] }] } }).mono.collections[0]!.id;
    await mono.cancelQrCode({ collectionId, qrCodeId: id });
    return () => sb.admin.state().mono.qrCodes.find((q) => q.id === id)?.deletions;
  },
  async camsPhoneNumber(phoneNumber) {
    const qrdlCode = `Q${unique()}`;
    sb.admin.seed({ cams: { qrCodes: [{ phoneNumber, qrdlCode }] } });
    await cams.deletePhoneMessageQrdl({ phoneNumber, qrdlCode });
    return () =>
      sb.admin.state().cams.qrCodes.find((q) => q.phoneNumber === phoneNumber && q.qrdlCode === qrdlCode)?.deletions;
  },
  async camsQrdlCode(qrdlCode) {
    const phoneNumber = sb.credentials.cams.phoneNumber;
    sb.admin.seed({ cams: { qrCodes: [{ phoneNumber, qrdlCode }] } });
    await cams.deletePhoneMessageQrdl({ phoneNumber, qrdlCode });
    return () =>
      sb.admin.state().cams.qrCodes.find((q) => q.phoneNumber === phoneNumber && q.qrdlCode === qrdlCode)?.deletions;
  },
  async camsCustSpaceId(custSpaceId) {
    const phoneNumber = sb.credentials.cams.phoneNumber;
    const qrdlCode = `S${unique()}`;
    sb.admin.seed({ cams: { qrCodes: [{ phoneNumber, qrdlCode, custSpaceId }] } });
    await cams.deletePhoneMessageQrdl({ phoneNumber, qrdlCode, custSpaceId });
    return () =>
      sb.admin.state().cams.qrCodes.find((q) => q.qrdlCode === qrdlCode && q.custSpaceId === custSpaceId)?.deletions;
  },
  async epapId(epapId) {
    const { chainId, appUserId } = sb.admin.seed({ epap: { receipts: [{ epapId }] } }).epap.receipts[0]!;
    await epap.deleteReceipt({ epapId, chainId, appUserId });
    return () => sb.admin.state().epap.receipts.find((r) => r.epapId === epapId)?.deletions;
  },
  async epapChainId(chainId) {
    const epapId = `c${unique()}`;
    const { appUserId } = sb.admin.seed({ epap: { receipts: [{ epapId, chainId }] } }).epap.receipts[0]!;
    await epap.deleteReceipt({ epapId, chainId, appUserId });
    return () => sb.admin.state().epap.receipts.find((r) => r.epapId === epapId && r.chainId === chainId)?.deletions;
  },
  async epapAppUserId(appUserId) {
    const epapId = `u${unique()}`;
    sb.admin.seed({ epap: { receipts: [{ epapId, appUserId }] } });
    await epap.deleteReceipt({ epapId, appUserId });
    return () =>
      sb.admin.state().epap.receipts.find((r) => r.epapId === epapId && r.appUserId === appUserId)?.deletions;
  },
};

/** Strings near the field's rule as well as anywhere: random ones alone would almost never be valid. */
function candidates(spec: IdField) {
  const tricky = fc.constantFrom(
    ...'\ud800\udc00\u001b\u0007\u0000\u0085\u009b\u202e\u2066\u2028 /?&#%+=:;"\'\\é€😀'.split(''),
  );
  const near = fc.string({
    unit: fc.oneof(fc.constantFrom(...spec.example.split('')), tricky),
    minLength: 1,
    maxLength: 30,
  });
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    near,
    fc.constant(spec.example).chain((e) => fc.nat(e.length - 1).map((i) => e.slice(0, i) + e.slice(i + 1))),
    spec.field === 'phoneNumber'
      ? fc.stringMatching(/^[1-9][0-9]{5,14}$/)
      : spec.provider === 'mono-breb'
        ? fc.stringMatching(/^[A-Za-z]{2,7}_[\w-]{22}$/)
        : fc.string({ unit: fc.constantFrom(..."aZ09-_.~!$'()*+,;=:@é€".split('')), minLength: 1, maxLength: 40 }),
  );
}

describe('any string given to any ID field', () => {
  for (const [name, spec] of Object.entries(ID_FIELDS) as [IdFieldName, IdField][]) {
    it(`${spec.label}: is refused before any request, or reaches the provider unchanged`, async () => {
      let reached = 0;
      await fc.assert(
        // An empty CustSpaceId means "none given" (it is optional): it is sent as no CustSpaceId at all.
        fc.asyncProperty(
          candidates(spec).filter((v) => name !== 'camsCustSpaceId' || v !== ''),
          async (value) => {
            const before = calls();
            if (idProblem(spec, value) !== undefined) {
              const error = await roundTrip[name](value).then(
                () => undefined,
                (e: unknown) => e,
              );
              expect(error).toBeInstanceOf(TeardownValidationError);
              expect(error).toMatchObject({ field: spec.field });
              expect(calls()).toBe(before);
              return;
            }
            reached++;
            const deletionsOfSeeded = await roundTrip[name](value);
            expect(deletionsOfSeeded()).toBe(1);
          },
        ),
        { numRuns: 60 },
      );
      expect(reached).toBeGreaterThan(0);
    });
  }
});
