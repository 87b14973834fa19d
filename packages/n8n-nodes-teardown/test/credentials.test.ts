// The Alibaba Cloud credential's own ACS3 signing (what n8n's credential tester and HTTP Request nodes use), checked by
// the sandbox's CAMS, which verifies signatures like Alibaba Cloud does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { AlibabaCloudApi } from '../credentials/AlibabaCloudApi.credentials';
import { EpapApi } from '../credentials/EpapApi.credentials';
import { MonoBrebApi } from '../credentials/MonoBrebApi.credentials';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ seed: 61 });
});
afterAll(() => sb.close());

/** Sends what `authenticate` returned, as n8n would: `qs` into the URL, body as given. */
async function send(options: IHttpRequestOptions): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(options.url, options.baseURL);
  for (const [k, v] of Object.entries(options.qs ?? {}))
    url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const res = await fetch(url, {
    method: options.method,
    headers: options.headers as Record<string, string>,
    ...(options.body !== undefined && { body: options.body as string }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Alibaba Cloud API credential', () => {
  const request = (): IHttpRequestOptions => ({
    method: 'POST',
    baseURL: sb.credentials.cams.endpoint,
    url: '/',
    qs: { PhoneNumber: sb.credentials.cams.phoneNumber },
    headers: { 'x-acs-action': 'ListPhoneMessageQrdl' },
    body: {},
  });
  const credentials = () => ({
    accessKeyId: sb.credentials.cams.accessKeyId,
    accessKeySecret: sb.credentials.cams.accessKeySecret,
  });

  it('signs a request CAMS accepts, and one signed with another secret is refused', async () => {
    const ok = await send(await new AlibabaCloudApi().authenticate(credentials(), request()));
    expect(ok).toMatchObject({ status: 200, body: { Code: 'OK' } });
    const forged = await send(
      await new AlibabaCloudApi().authenticate({ ...credentials(), accessKeySecret: 'not-the-secret' }, request()),
    );
    expect(forged).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
  });

  it('refuses a JSON body it could not sign exactly as sent, naming what to do instead', async () => {
    await expect(
      new AlibabaCloudApi().authenticate(credentials(), { ...request(), body: { PhoneNumber: '1' } }),
    ).rejects.toThrow('send CAMS parameters as query parameters');
  });
});

describe('credential fields', () => {
  it('each says what it is for (the editor shows it under the field)', () => {
    for (const credential of [new MonoBrebApi(), new AlibabaCloudApi(), new EpapApi()])
      for (const p of credential.properties)
        expect([credential.name, p.name, p.description?.length ?? 0]).not.toContain(0);
  });
});
