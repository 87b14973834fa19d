import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type * as CamsSdk from '@alicloud/cams20200606';
import { Config } from '@alicloud/openapi-client';
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import {
  Acs3SigningKey,
  EMPTY_BODY_SHA256,
  canonicalQuery,
  parseAcs3Authorization,
  percentEncode,
  sha256Hex,
  signAcs3,
} from './signing.js';

// The SDK is CommonJS; require it so Node and vitest see the same exports object.
const Cams = createRequire(import.meta.url)('@alicloud/cams20200606') as typeof CamsSdk.default;

const KEY = { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' };
const fixed = (
  host: string,
  action: string,
  version: string,
  extra: Record<string, string> = {},
  bodySha = EMPTY_BODY_SHA256,
) => ({
  host,
  'x-acs-action': action,
  'x-acs-version': version,
  'x-acs-date': '2023-10-26T10:22:32Z',
  'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
  'x-acs-content-sha256': bodySha,
  ...extra,
});

describe('a secret keyed once', () => {
  it("computes the same HMAC-SHA256 as Node's createHmac for any secret, short, block-sized or longer, and any text", () => {
    const secrets = fc.oneof(
      fc.string(),
      fc.string({ minLength: 60, maxLength: 200 }),
      fc.constant('k'.repeat(64)),
      fc.constant('é'.repeat(40)),
      fc.string({ unit: 'binary', maxLength: 80 }),
    );
    // Short and long, ASCII and any Unicode (up to 4 UTF-8 bytes per character): messages longer than the key's buffer grow it.
    const messages = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', minLength: 60, maxLength: 400 }),
      fc.string({ minLength: 1000, maxLength: 3000 }),
      fc.constantFrom('é'.repeat(150), '😀'.repeat(60), '€'.repeat(100)),
    );
    fc.assert(
      fc.property(secrets, fc.array(messages, { minLength: 1, maxLength: 4 }), (secret, data) => {
        const key = new Acs3SigningKey(secret);
        // Reused in turn with longer and shorter messages: each signature starts from the keyed state.
        for (const message of [...data, ...data])
          expect(key.hmacHex(message)).toBe(createHmac('sha256', secret).update(message).digest('hex'));
      }),
    );
  });

  it('signs exactly as the secret itself does, and does not show the secret when inspected', () => {
    const input = { ...KEY, method: 'POST', query: { PhoneNumber: '1' }, headers: fixed('h', 'A', 'v') };
    expect(signAcs3({ ...input, accessKeySecret: new Acs3SigningKey(KEY.accessKeySecret) })).toEqual(signAcs3(input));
    expect(JSON.stringify(new Acs3SigningKey('s3cr3t-value'))).not.toContain('s3cr3t');
    expect(inspect(new Acs3SigningKey('s3cr3t-value'))).not.toContain('s3cr3t');
  });
});

describe('ACS3-HMAC-SHA256 signing matches the published vectors', () => {
  it('signs the official RunInstances example', () => {
    const { signature } = signAcs3({
      ...KEY,
      method: 'POST',
      query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
      headers: fixed('ecs.cn-shanghai.aliyuncs.com', 'RunInstances', '2014-05-26'),
    });
    expect(signature).toBe('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
  });

  const params = { CustSpaceId: 'cams-test', PhoneNumber: '8613800000000', QrdlCode: 'D9II3ABC' };
  it('signs a CAMS delete with params in the query', () => {
    const s = signAcs3({
      ...KEY,
      method: 'POST',
      query: params,
      headers: fixed('cams.ap-southeast-1.aliyuncs.com', 'DeletePhoneMessageQrdl', '2020-06-06'),
    });
    expect(s.signature).toBe('3de1e31398b00e036142a20c915dc9e4519b1440bae4e672cedda7901758b716');
    expect(s.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=3de1e31398b00e036142a20c915dc9e4519b1440bae4e672cedda7901758b716',
    );
  });

  it('signs a CAMS delete with params as a form body', () => {
    const body = canonicalQuery(params);
    expect(sha256Hex(body)).toBe('e0e70c125b8cf0b15988bc224c9893727aeb0f853b8cba6539bb16ec71faad1a');
    const s = signAcs3({
      ...KEY,
      method: 'POST',
      query: {},
      headers: fixed(
        'cams.ap-southeast-1.aliyuncs.com',
        'DeletePhoneMessageQrdl',
        '2020-06-06',
        { 'content-type': 'application/x-www-form-urlencoded' },
        sha256Hex(body),
      ),
    });
    expect(s.signature).toBe('13d93caacce6dd2d6da01211b103f77d902a0d4ce7d41a4c1723bfb04f861bbd');
  });

  it('parses the Authorization header it produces, and rejects malformed ones', () => {
    const s = signAcs3({ ...KEY, method: 'POST', query: params, headers: fixed('h', 'A', 'v') });
    expect(parseAcs3Authorization(s.authorization)).toEqual({
      accessKeyId: 'YourAccessKeyId',
      signedHeaders: s.signedHeaders.split(';'),
      signature: s.signature,
    });
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=x')).toBeUndefined();
    expect(parseAcs3Authorization('Bearer abc')).toBeUndefined();
    expect(parseAcs3Authorization(undefined)).toBeUndefined();
  });
});

describe('query encoding is RFC 3986 as Alibaba Cloud canonicalises it', () => {
  it('encodes the characters the SDKs disagree on', () => {
    expect(percentEncode("a b*c~d+e/f!g'h(i)")).toBe('a%20b%2Ac~d%2Be%2Ff%21g%27h%28i%29');
    expect(canonicalQuery({ b: '2', a: '', 'Z z': 'é' })).toBe('Z%20z=%C3%A9&a=&b=2');
    expect(canonicalQuery({})).toBe('');
  });

  it('leaves only unreserved characters and percent escapes, and decodes back to the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const encoded = percentEncode(value);
        expect(encoded).toMatch(/^([A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(encoded)).toBe(value);
      }),
    );
  });
});

describe('our signer agrees with the official SDK @alicloud/cams20200606', () => {
  const captured: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captured.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ AccessDeniedDetail: 'None', RequestId: 'R', Message: 'None', Code: 'OK' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const awkward = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('', ' ', '*', '~', '+', '/', 'a b', '中文', 'é+é', '%20', "!'()", 'x=y&z'),
  );

  it('verifies hundreds of SDK-signed requests with generated parameters', async () => {
    const sdk = new Cams.default(
      new Config({
        accessKeyId: 'AKIDtest',
        accessKeySecret: 'secret*~+/ é',
        endpoint: `127.0.0.1:${port}`,
        protocol: 'http',
      }),
    );
    const samples = fc.sample(fc.tuple(awkward, awkward, awkward), { numRuns: 300, seed: 20261122 });
    for (const [phone, code, space] of samples) {
      await sdk.deletePhoneMessageQrdl(
        new Cams.DeletePhoneMessageQrdlRequest({ phoneNumber: phone, qrdlCode: code, custSpaceId: space }),
      );
    }
    expect(captured).toHaveLength(300);
    for (const req of captured) {
      const url = new URL(req.url, 'http://x');
      const query = Object.fromEntries(url.searchParams);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      expect(sha256Hex(req.body)).toBe(headers['x-acs-content-sha256']);
      const auth = parseAcs3Authorization(headers.authorization)!;
      const ours = signAcs3({
        method: req.method,
        query,
        headers: Object.fromEntries(auth.signedHeaders.map((h) => [h, headers[h] ?? ''])),
        accessKeyId: 'AKIDtest',
        accessKeySecret: 'secret*~+/ é',
      });
      expect(ours.signedHeaders).toBe(auth.signedHeaders.join(';'));
      expect(ours.signature).toBe(auth.signature);
    }
  }, 60_000);
});
