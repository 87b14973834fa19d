// pnpm bench: in one real n8n, 1,000 items through Mono Bre-B → QR Code → Cancel against n8n's own HTTP Request node
// doing the same 1,000 cancels, all against the sandbox. Prints; asserts nothing.
//
// The HTTP Request node is timed twice. With the same client id and secret entered by hand into n8n's generic OAuth2 API
// credential (client credentials grant): what an n8n user without this package builds, and the comparison the target
// is for. And with a bearer token fetched outside n8n and pasted into a header: not a workflow anyone can keep (the
// token expires within the hour), but the least work the HTTP Request node can do per cancel, so its ratio is printed too.
import { rmSync } from 'node:fs';
import { startSandbox } from '@teardown/sandbox';
import { execute, importCredentials, installBuiltPackage, work } from '../test/n8n-cli';

async function main(): Promise<void> {
  const sb = await startSandbox({ seed: 41 });
  installBuiltPackage();
  await importCredentials([
    {
      id: 'benchMono',
      name: 'Mono sandbox',
      type: 'monoBrebApi',
      data: {
        clientId: sb.credentials.mono.clientId,
        clientSecret: sb.credentials.mono.clientSecret,
        environment: 'custom',
        baseUrl: sb.credentials.mono.baseUrl,
      },
    },
    {
      id: 'benchOAuth2',
      name: 'Mono by hand',
      type: 'oAuth2Api',
      data: {
        grantType: 'clientCredentials',
        accessTokenUrl: `${sb.credentials.mono.baseUrl}/api/v1/oauth/token`,
        clientId: sb.credentials.mono.clientId,
        clientSecret: sb.credentials.mono.clientSecret,
        scope: '',
        authentication: 'body',
      },
    },
  ]);
  const seedItems = () =>
    sb.admin
      .seed({ mono: { count: 100, qrCodesPerCollection: 10 } })
      .mono.collections.flatMap((c) => c.qrCodes.map((qrCodeId) => ({ collectionId: c.id, qrCodeId })));

  /** Manual trigger → a Set node holding the 1,000 targets → Split Out → the node under test. */
  function workflow(id: string, node: object) {
    return {
      id,
      name: id,
      active: false,
      settings: { executionOrder: 'v1' },
      nodes: [
        {
          id: 'w1',
          name: 'Start',
          type: 'n8n-nodes-base.manualTrigger',
          typeVersion: 1,
          position: [0, 0],
          parameters: {},
        },
        {
          id: 'w2',
          name: 'Targets',
          type: 'n8n-nodes-base.set',
          typeVersion: 3.4,
          position: [200, 0],
          parameters: { mode: 'raw', jsonOutput: JSON.stringify({ targets: seedItems() }) },
        },
        {
          id: 'w3',
          name: 'One item per target',
          type: 'n8n-nodes-base.splitOut',
          typeVersion: 1,
          position: [400, 0],
          parameters: { fieldToSplitOut: 'targets' },
        },
        { id: 'w4', name: 'Cancel', position: [600, 0], ...node },
      ],
      connections: {
        Start: { main: [[{ node: 'Targets', type: 'main', index: 0 }]] },
        Targets: { main: [[{ node: 'One item per target', type: 'main', index: 0 }]] },
        'One item per target': { main: [[{ node: 'Cancel', type: 'main', index: 0 }]] },
      },
    };
  }

  const tokenRequests = () => sb.admin.calls()['mono-breb.token'] ?? 0;

  /** The Cancel node's own execution time as n8n records it, its output items, and the token requests it made. */
  async function timeCancel(id: string, node: object): Promise<{ ms: number; items: number; tokens: number }> {
    const tokensBefore = tokenRequests();
    const result = await execute(workflow(id, node));
    const run = result.runData.Cancel?.[0] as { executionTime?: number; data?: { main: unknown[][] } } | undefined;
    if (result.error || !run) throw new Error(`${id} failed: ${result.error?.message ?? 'no run data'}`);
    return {
      ms: run.executionTime ?? Number.NaN,
      items: run.data?.main[0]?.length ?? 0,
      tokens: tokenRequests() - tokensBefore,
    };
  }

  // Version 2 (what n8n adds today) takes the IDs in resource locators; version 1 (saved workflows) as plain text.
  const id = (value: string) => ({ __rl: true, mode: 'id', value });
  const ours = await timeCancel('benchTeardown', {
    type: 'CUSTOM.monoBreb',
    typeVersion: 2,
    parameters: {
      resource: 'qrCode',
      operation: 'cancelQrCode',
      collectionId: id('={{ $json.collectionId }}'),
      qrCodeId: id('={{ $json.qrCodeId }}'),
    },
    credentials: { monoBrebApi: { id: 'benchMono', name: 'Mono sandbox' } },
  });
  const oursV1 = await timeCancel('benchTeardownV1', {
    type: 'CUSTOM.monoBreb',
    typeVersion: 1,
    parameters: {
      resource: 'qrCode',
      operation: 'cancelQrCode',
      collectionId: '={{ $json.collectionId }}',
      qrCodeId: '={{ $json.qrCodeId }}',
    },
    credentials: { monoBrebApi: { id: 'benchMono', name: 'Mono sandbox' } },
  });
  /** n8n's HTTP Request node sending the same DELETE for each item, authenticated as `auth` says. */
  const httpRequestCancel = (auth: object, credentials?: object) => ({
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    parameters: {
      method: 'DELETE',
      url: `=${sb.credentials.mono.baseUrl}/api/v1/collections/{{ $json.collectionId }}/qr/{{ $json.qrCodeId }}`,
      ...auth,
      options: {},
    },
    ...(credentials && { credentials }),
  });
  const byHand = await timeCancel(
    'benchHttpRequestOAuth2',
    httpRequestCancel(
      { authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api' },
      { oAuth2Api: { id: 'benchOAuth2', name: 'Mono by hand' } },
    ),
  );
  const token = (
    (await (
      await fetch(`${sb.credentials.mono.baseUrl}/api/v1/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_id: sb.credentials.mono.clientId,
          client_secret: sb.credentials.mono.clientSecret,
          grant_type: 'client_credentials',
        }),
      })
    ).json()) as { access_token: string }
  ).access_token;
  const pasted = await timeCancel(
    'benchHttpRequestPastedToken',
    httpRequestCancel({
      sendHeaders: true,
      headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
    }),
  );

  const state = sb.admin.state();
  console.log('n8n-nodes-teardown benchmark — real n8n 2.41.1, sandbox on loopback, 1,000 Mono QR cancels per node');
  const row = (name: string, r: { ms: number; items: number; tokens: number }) =>
    console.log(
      `  ${name.padEnd(58)} ${String(r.ms).padStart(5)} ms for ${r.items} items, ${r.tokens} token request(s)`,
    );
  row('Mono Bre-B → QR Code → Cancel (this package, version 2)', ours);
  row('Mono Bre-B → QR Code → Cancel (this package, version 1)', oursV1);
  row('HTTP Request node, OAuth2 API credential (same id/secret)', byHand);
  row('HTTP Request node, token pasted into a header', pasted);
  console.log(
    `  ours vs HTTP Request with the same credentials  ${(byHand.ms / ours.ms).toFixed(2)}× faster  [target ≥ 2]`,
  );
  console.log(
    `  ours vs HTTP Request with a pasted token        ${(pasted.ms / ours.ms).toFixed(2)}× faster  (lower bound: no auth work per cancel)`,
  );
  console.log(
    `  sandbox: ${state.mono.qrCodes.filter((q) => q.deletions === 1).length} QR codes cancelled, ${state.mono.qrCodes.filter((q) => q.deleteRequests > 1).length} asked twice`,
  );
  await sb.close();
  rmSync(work, { recursive: true, force: true });
}

void main();
