import { afterEach, describe, expect, it } from 'vitest';
import { createNodeTransport } from '../platform/node.js';
import { instantSleep, monoEnvelope, startLoopback, type Loopback } from '../../test/loopback.js';
import { MonoBrebClient } from '../providers/mono-breb/client.js';
import { classifyCollection, classifyQrCode, readCollection, readQrCode } from '../providers/mono-breb/read.js';
import { classifyListedQrdl } from '../providers/alibaba-cams/read.js';
import { classifyReceipt } from '../providers/epap/read.js';
import type { MonoCollection, MonoQrCode } from '../providers/mono-breb/types.js';
import { PROVIDER_CODE_MAX_BYTES, utf8Bytes } from '../provider-text.js';
import { isProtected } from './plan.js';

const COL = 'bbcol_5tgliBmzjZ6mpQPRbQjfKj';
const QR = 'bbqr_5tgliBmzjZ6mpQPRbQjfKj';
const qr = (over: Partial<MonoQrCode>): MonoQrCode =>
  ({
    id: QR,
    collection_id: COL,
    usage_mode: 'single_use',
    canceled: false,
    updated_at: '2026-01-01T00:00:00Z',
    expires_at: null,
    ...over,
  }) as MonoQrCode;
const col = (over: Partial<MonoCollection>): MonoCollection =>
  ({
    id: COL,
    state: 'ready',
    state_reason: null,
    paid_amount: { amount: 0, currency: 'COP' },
    updated_at: '2026-01-02T00:00:00Z',
    ...over,
  }) as MonoCollection;

describe('plan classes from what the provider shows', () => {
  it('a Mono QR code: active → delete, cancelled → already_gone with its time, static → blocked', () => {
    expect(classifyQrCode(qr({})).plan).toBe('delete');
    const gone = classifyQrCode(qr({ canceled: true }));
    expect(gone).toMatchObject({
      plan: 'already_gone',
      observed: { state: 'canceled', updatedAt: '2026-01-01T00:00:00Z' },
    });
    expect(classifyQrCode(qr({ usage_mode: 'multiple_use' }))).toMatchObject({
      plan: 'blocked',
      reason: expect.stringContaining('qr_not_dynamic'),
    });
  });

  it('a Mono collection: discarded → already_gone, payments or failed → blocked, ready → delete', () => {
    expect(classifyCollection(col({})).plan).toBe('delete');
    expect(classifyCollection(col({ state: 'discarded', state_reason: 'deleted' }))).toMatchObject({
      plan: 'already_gone',
      observed: { state: 'discarded', stateReason: 'deleted' },
    });
    expect(
      classifyCollection(col({ state: 'minimum_paid', paid_amount: { amount: 5000, currency: 'COP' } })),
    ).toMatchObject({
      plan: 'blocked',
      reason: expect.stringContaining('has_payments'),
      observed: { paidAmount: 5000 },
    });
    expect(classifyCollection(col({ state: 'failed' })).plan).toBe('blocked');
  });

  it('CAMS listed → delete, not listed → not_found; epap → unverified, never guessed', () => {
    expect(classifyListedQrdl(true)).toMatchObject({ plan: 'delete', observed: { listed: true } });
    expect(classifyListedQrdl(false)).toMatchObject({ plan: 'not_found', observed: { listed: false } });
    expect(classifyReceipt()).toMatchObject({ plan: 'unverified', reason: expect.stringContaining('no read') });
  });

  it('caps provider text in what was observed', () => {
    const v = classifyCollection(col({ state: 'x'.repeat(5000) as MonoCollection['state'] }));
    expect(utf8Bytes(v.observed.state!)).toBeLessThanOrEqual(PROVIDER_CODE_MAX_BYTES);
  });

  it('protects a target by its text form or an ID prefix', () => {
    expect(isProtected(`mono-qr:${COL}/${QR}`, [COL, QR], ['bbcol_5tgli'])).toBe(true);
    expect(isProtected(`mono-qr:${COL}/${QR}`, [COL, QR], [`mono-qr:${COL}`])).toBe(true);
    expect(isProtected(`mono-qr:${COL}/${QR}`, [COL, QR], ['bbcol_other', ''])).toBe(false);
  });
});

let server: Loopback | undefined;
afterEach(async () => server?.close());

/** A Mono client whose every request but the token answers `status` with `body`, on a loopback server. */
async function monoAnswering(status: number, body: unknown): Promise<MonoBrebClient> {
  server = await startLoopback((req) =>
    req.path === '/api/v1/oauth/token'
      ? {
          status: 200,
          body: { access_token: 'tok_read_only_abc', expires_in: 3600, token_type: 'Bearer', scope: 'collections' },
        }
      : { status, body },
  );
  return new MonoBrebClient({
    clientId: 'c',
    clientSecret: 's3cr3t-value',
    baseUrl: server.url,
    sleep: instantSleep,
    transport: createNodeTransport(),
  });
}

describe('Mono reads', () => {
  it('a 404 qr_not_found read is not_found with Mono log id; a GET is all that is sent', async () => {
    const client = await monoAnswering(
      404,
      monoEnvelope('404 Not Found', 'qr_not_found', "The QR code doesn't exist", 'Resource not defined'),
    );
    const verdict = await readQrCode(client, { collectionId: COL, qrCodeId: QR });
    expect(verdict.plan).toBe('not_found');
    expect(verdict.observed.code).toBe('qr_not_found');
    expect(verdict.observed.requestId).toMatch(/^log_/);
    expect(server!.received.filter((r) => r.path !== '/api/v1/oauth/token').map((r) => r.method)).toEqual(['GET']);
  });

  it('a read that fails for another reason is thrown, not taken for not_found', async () => {
    const client = await monoAnswering(
      403,
      monoEnvelope(
        '403 Forbidden',
        'not_authorized',
        'Not authorized.',
        'Not authorized to have access to this resource',
      ),
    );
    await expect(readCollection(client, { collectionId: COL })).rejects.toMatchObject({ code: 'not_authorized' });
  });
});
