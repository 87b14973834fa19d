// pnpm bench: in one real n8n, 1,000 items through Mono Bre-B → QR Code → Cancel against n8n's own HTTP Request node
// doing the same 1,000 cancels (bearer token fetched by hand), both against the sandbox. Prints; asserts nothing.
import { rmSync } from 'node:fs';
import { startSandbox } from '@teardown/sandbox';
import { execute, importCredentials, installBuiltPackage, work } from '../test/n8n-cli';

async function main(): Promise<void> {
  const sb = await startSandbox({ seed: 41 });
  installBuiltPackage();
  await importCredentials([
    { id: 'benchMono', name: 'Mono sandbox', type: 'monoBrebApi', data: { clientId: sb.credentials.mono.clientId, clientSecret: sb.credentials.mono.clientSecret, environment: 'custom', baseUrl: sb.credentials.mono.baseUrl } },
  ]);
  const seedItems = () => sb.admin.seed({ mono: { count: 100, qrCodesPerCollection: 10 } }).mono.collections.flatMap((c) => c.qrCodes.map((qrCodeId) => ({ collectionId: c.id, qrCodeId })));

  /** Manual trigger → a Set node holding the 1,000 targets → Split Out → the node under test. */
  function workflow(id: string, node: object) {
    return {
      id,
      name: id,
      active: false,
      settings: { executionOrder: 'v1' },
      nodes: [
        { id: 'w1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'w2', name: 'Targets', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify({ targets: seedItems() }) } },
        { id: 'w3', name: 'One item per target', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'targets' } },
        { id: 'w4', name: 'Cancel', position: [600, 0], ...node },
      ],
      connections: {
        Start: { main: [[{ node: 'Targets', type: 'main', index: 0 }]] },
        Targets: { main: [[{ node: 'One item per target', type: 'main', index: 0 }]] },
        'One item per target': { main: [[{ node: 'Cancel', type: 'main', index: 0 }]] },
      },
    };
  }

  async function timeCancel(id: string, node: object): Promise<{ ms: number; items: number }> {
    const result = await execute(workflow(id, node));
    const run = result.runData.Cancel?.[0] as { executionTime?: number; data?: { main: unknown[][] } } | undefined;
    if (result.error || !run) throw new Error(`${id} failed: ${result.error?.message ?? 'no run data'}`);
    return { ms: run.executionTime ?? Number.NaN, items: run.data?.main[0]?.length ?? 0 };
  }

  const ours = await timeCancel('benchTeardown', {
    type: 'CUSTOM.monoBreb',
    typeVersion: 1,
    parameters: { resource: 'qrCode', operation: 'cancelQrCode', collectionId: '={{ $json.collectionId }}', qrCodeId: '={{ $json.qrCodeId }}' },
    credentials: { monoBrebApi: { id: 'benchMono', name: 'Mono sandbox' } },
  });
  const token = ((await (
    await fetch(`${sb.credentials.mono.baseUrl}/api/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: sb.credentials.mono.clientId, client_secret: sb.credentials.mono.clientSecret, grant_type: 'client_credentials' }),
    })
  ).json()) as { access_token: string }).access_token;
  const theirs = await timeCancel('benchHttpRequest', {
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    parameters: {
      method: 'DELETE',
      url: `=${sb.credentials.mono.baseUrl}/api/v1/collections/{{ $json.collectionId }}/qr/{{ $json.qrCodeId }}`,
      sendHeaders: true,
      headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
      options: {},
    },
  });

  const state = sb.admin.state();
  console.log('n8n-nodes-teardown benchmark — real n8n 2.41.1, sandbox on loopback, 1,000 Mono QR cancels per node');
  console.log(`  Mono Bre-B → QR Code → Cancel     ${ours.ms} ms for ${ours.items} items`);
  console.log(`  HTTP Request node (same cancels)  ${theirs.ms} ms for ${theirs.items} items`);
  console.log(`  ratio                             ${(theirs.ms / ours.ms).toFixed(2)}× faster  [target ≥ 2]`);
  console.log(`  sandbox: ${state.mono.qrCodes.filter((q) => q.deletions === 1).length} QR codes cancelled, ${state.mono.qrCodes.filter((q) => q.deleteRequests > 1).length} asked twice`);
  await sb.close();
  rmSync(work, { recursive: true, force: true });
}

void main();
