// A real n8n 2.41 server (`n8n start`) with the built package loaded: its REST API runs the three credentials' tests
// against the sandbox, and the example trigger workflow, published before start, receives Mono webhooks on n8n's
// production webhook URL.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMonoWebhook } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import {
  importCredentials,
  installBuiltPackage,
  n8n,
  n8nDir,
  packageDir,
  startServer,
  work,
  type N8nServer,
} from './n8n-cli';

// n8n stores run data in its own "flatted" format; the installed n8n's copy reads it.
const flatted = createRequire(join(n8nDir, 'node_modules/n8n/package.json'))('flatted') as {
  parse(text: string): unknown;
};

const WORKFLOW_ID = 'teardownExampleDiscarded';
const UNSAFE_WORKFLOW_ID = 'teardownTriggerNoSecret';
let sb: Sandbox;
let server: N8nServer;

beforeAll(async () => {
  sb = await startSandbox({ seed: 53 });
  installBuiltPackage();
  const { mono } = sb.credentials;
  await importCredentials([
    {
      id: 'teardownMono',
      name: 'Mono sandbox',
      type: 'monoBrebApi',
      data: {
        clientId: mono.clientId,
        clientSecret: mono.clientSecret,
        environment: 'custom',
        baseUrl: mono.baseUrl,
        webhookSecret: mono.webhookSecret,
      },
    },
    {
      id: 'teardownMonoNoSecret',
      name: 'Mono sandbox, no webhook secret',
      type: 'monoBrebApi',
      data: { clientId: mono.clientId, clientSecret: mono.clientSecret, environment: 'custom', baseUrl: mono.baseUrl },
    },
  ]);
  // The example names the installed package's types (`n8n-nodes-teardown.*`); from a custom folder they are `CUSTOM.*`.
  const workflow = readFileSync(join(packageDir, 'examples/react-to-collection-discarded.json'), 'utf8')
    .replaceAll('{{CREDENTIAL_ID}}', 'teardownMono')
    .replaceAll('"n8n-nodes-teardown.', '"CUSTOM.');
  writeFileSync(join(work, 'trigger.json'), workflow);
  await n8n('import:workflow', `--input=${join(work, 'trigger.json')}`);
  await n8n('publish:workflow', `--id=${WORKFLOW_ID}`);
  // The same trigger on a credential without a webhook secret (published from the editor by the test: it must fail).
  const unsafe = JSON.parse(workflow.replaceAll('teardownMono', 'teardownMonoNoSecret')) as {
    id: string;
    nodes: { webhookId?: string }[];
  };
  unsafe.id = UNSAFE_WORKFLOW_ID;
  for (const node of unsafe.nodes) if (node.webhookId) node.webhookId = 'teardown-mono-no-secret';
  writeFileSync(join(work, 'trigger-no-secret.json'), JSON.stringify(unsafe));
  await n8n('import:workflow', `--input=${join(work, 'trigger-no-secret.json')}`);
  server = await startServer();
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await sb?.close();
  rmSync(work, { recursive: true, force: true });
  // n8n takes a few seconds to shut down, more on a busy machine.
}, 60_000);

/** n8n's credential test (the "Test" button) on credentials that are not saved yet. */
async function testCredential(
  type: string,
  data: Record<string, string>,
): Promise<{ status: string; message: string }> {
  const res = await server.rest<{ data: { status: string; message: string } }>('POST', '/credentials/test', {
    credentials: { id: '', name: 'under test', type, data },
  });
  expect(res.status).toBe(200);
  return res.body.data;
}

describe('credential tests run by n8n against the provider', () => {
  it('Mono Bre-B: the sandbox client passes; a wrong secret fails saying Mono rejected it, without showing the secret', async () => {
    const { mono } = sb.credentials;
    const good = {
      clientId: mono.clientId,
      clientSecret: mono.clientSecret,
      environment: 'custom',
      baseUrl: mono.baseUrl,
    };
    const before = sb.admin.calls()['mono-breb.token'] ?? 0;
    expect(await testCredential('monoBrebApi', good)).toEqual({ status: 'OK', message: 'Connection successful!' });
    const wrong = 'wrong-mono-secret-7f3a9c';
    const bad = await testCredential('monoBrebApi', { ...good, clientSecret: wrong });
    expect(bad.status).toBe('Error');
    expect(bad.message).toContain('Mono rejected this client ID and secret');
    expect(JSON.stringify(bad)).not.toContain(wrong);
    // n8n itself sends a request that got 401 once more (it would refresh an expiring credential first): 1 + 2 calls.
    expect(sb.admin.calls()['mono-breb.token']).toBe(before + 3);
  });

  it('Alibaba Cloud: a signed request with the sandbox key passes; a wrong secret or an unknown key fails, naming the cause', async () => {
    const { cams } = sb.credentials;
    const good = {
      accessKeyId: cams.accessKeyId,
      accessKeySecret: cams.accessKeySecret,
      endpoint: cams.endpoint,
      testPhoneNumber: cams.phoneNumber,
    };
    const before = sb.admin.calls()['alibaba-cams.listPhoneMessageQrdl'] ?? 0;
    expect(await testCredential('alibabaCloudApi', good)).toEqual({ status: 'OK', message: 'Connection successful!' });
    const wrong = 'wrong-cams-secret-1b2c3d';
    const badSecret = await testCredential('alibabaCloudApi', { ...good, accessKeySecret: wrong });
    expect(badSecret).toEqual({ status: 'Error', message: expect.stringContaining('SignatureDoesNotMatch') as string });
    expect(JSON.stringify(badSecret)).not.toContain(wrong);
    const unknownKey = await testCredential('alibabaCloudApi', { ...good, accessKeyId: 'LTAIunknownKey000' });
    expect(unknownKey).toEqual({
      status: 'Error',
      message: expect.stringContaining('InvalidAccessKeyId.NotFound') as string,
    });
    expect(sb.admin.calls()['alibaba-cams.listPhoneMessageQrdl']).toBe(before + 3);
  });

  it('epap: the sandbox client passes; a wrong secret fails saying epap rejected it, without showing the secret', async () => {
    const { epap } = sb.credentials;
    const good = {
      clientId: epap.clientId,
      clientSecret: epap.clientSecret,
      chainId: epap.chainId,
      baseUrl: epap.baseUrl,
    };
    const before = sb.admin.calls()['epap.login'] ?? 0;
    expect(await testCredential('epapApi', good)).toEqual({ status: 'OK', message: 'Connection successful!' });
    const wrong = 'wrong-epap-secret-4e5f6a';
    const bad = await testCredential('epapApi', { ...good, clientSecret: wrong });
    expect(bad).toEqual({
      status: 'Error',
      message: expect.stringContaining('epap rejected this client ID and secret') as string,
    });
    expect(JSON.stringify(bad)).not.toContain(wrong);
    expect(sb.admin.calls()['epap.login']).toBe(before + 2);
  });
});

describe('the example trigger, published in a running n8n', () => {
  const hookUrl = () => `${server.url}/webhook/teardown-mono-discarded/webhook`;
  const event = (type: string, id: string) =>
    JSON.stringify({
      event: { type, data: { id, state: 'discarded', state_reason: 'deleted_by_client' } },
      timestamp: new Date().toISOString(),
    });
  const post = (body: string, signature: string) =>
    fetch(hookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'mono-signature': signature },
      body,
    });
  const signed = (body: string) => signMonoWebhook(body, sb.credentials.mono.webhookSecret, Date.now() / 1000);

  interface ExecutionSummary {
    id: string;
    status: string;
  }
  async function executions(): Promise<ExecutionSummary[]> {
    const res = await server.rest<{ data: { results: ExecutionSummary[] } }>(
      'GET',
      `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}`,
    );
    expect(res.status).toBe(200);
    return res.body.data.results;
  }
  /** Waits for the execution started by a webhook to be finished and saved, then returns the last node's output. */
  async function nextExecution(known: number): Promise<Record<string, unknown>[]> {
    for (;;) {
      const list = await executions();
      const newest = list.reduce<ExecutionSummary | undefined>(
        (a, e) => (a && Number(a.id) > Number(e.id) ? a : e),
        undefined,
      );
      const done =
        list.length > known && newest && newest.status !== 'running' && newest.status !== 'new' ? newest : undefined;
      if (done) {
        const res = await server.rest<{ data: { status: string; data: string } }>('GET', `/executions/${done.id}`);
        expect(res.body.data.status).toBe('success');
        const run = flatted.parse(res.body.data.data) as {
          resultData: { runData: Record<string, { data: { main: { json: Record<string, unknown> }[][] } }[]> };
        };
        return run.resultData.runData['Keep what matters']![0]!.data.main[0]!.map((i) => i.json);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('runs the workflow for a correctly signed collection.discarded, with the event’s fields', async () => {
    const known = (await executions()).length;
    const body = event('collection.discarded', 'bbcol_e2e_discarded');
    const res = await post(body, signed(body));
    expect(res.status).toBe(200);
    const out = await nextExecution(known);
    expect(out).toEqual([
      { collectionId: 'bbcol_e2e_discarded', reason: 'deleted_by_client', at: expect.any(String) as string },
    ]);
  });

  it('answers 401 to a bad signature and runs nothing; acknowledges an event outside the filter and runs nothing', async () => {
    const known = (await executions()).length;
    const body = event('collection.discarded', 'bbcol_e2e_forged');
    const forged = await post(body, signMonoWebhook(body, 'not-the-webhook-secret', Date.now() / 1000));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'invalid_signature', reason: 'no_matching_signature' });

    const other = event('collection.paid', 'bbcol_e2e_paid');
    const ignored = await post(other, signed(other));
    expect(ignored.status).toBe(200);
    expect(await ignored.json()).toEqual({ status: 'ignored' });

    // A signed event in the filter afterwards is the only new execution: neither request above started one.
    const body2 = event('collection.discarded', 'bbcol_e2e_after');
    expect((await post(body2, signed(body2))).status).toBe(200);
    expect(await nextExecution(known)).toEqual([expect.objectContaining({ collectionId: 'bbcol_e2e_after' })]);
    expect((await executions()).length).toBe(known + 1);
  });
});

describe('the trigger on a credential without a webhook secret', () => {
  it('fails to publish: n8n reports the trigger’s sentence (the secret is missing, where to add it) and its URL answers 404', async () => {
    const path = `/workflows/${UNSAFE_WORKFLOW_ID}`;
    const { body } = await server.rest<{ data: { versionId: string } }>('GET', path);
    // What the editor's Publish button sends.
    expect((await server.rest('POST', `${path}/activate`, { versionId: body.data.versionId })).status).toBe(200);
    type Status = { status: string; triggers: { status: string; errorMessage: string | null }[] };
    const status = async () => (await server.rest<{ data: Status }>('GET', `${path}/publication-status`)).body.data;
    // n8n publishes in the background, retrying a failing trigger for ~15 s unless its error is final (this one is).
    await expect.poll(async () => (await status()).status, { timeout: 90_000, interval: 250 }).not.toBe('in_progress');
    expect(await status()).toMatchObject({
      status: 'failed',
      triggers: [
        {
          status: 'failed',
          errorMessage: expect.stringContaining('The Mono Bre-B credential has no webhook secret') as string,
        },
      ],
    });
    const hook = await fetch(`${server.url}/webhook/teardown-mono-no-secret/webhook`, { method: 'POST', body: '{}' });
    expect(hook.status).toBe(404);
  }, 120_000);
});

describe('the package as n8n’s editor sees it', () => {
  it('lists the four nodes, and the three action nodes as AI tools (usableAsTool), each with a light and a dark icon n8n serves as SVG', async () => {
    const res = await server.get('types/nodes.json');
    expect(res.status).toBe(200);
    const types = (await res.json()) as { name: string; iconUrl?: { light: string; dark: string } }[];
    const ours = types.filter((t) => t.name.startsWith('CUSTOM.'));
    expect(ours.map((t) => t.name).sort()).toEqual([
      'CUSTOM.alibabaCloudCams',
      'CUSTOM.alibabaCloudCamsTool',
      'CUSTOM.epap',
      'CUSTOM.epapTool',
      'CUSTOM.monoBreb',
      'CUSTOM.monoBrebTool',
      'CUSTOM.monoBrebTrigger',
    ]);
    // The tool variant tells the agent what deletes (n8n applies usableAsTool.replacements); the node keeps its own text.
    const described = (name: string) => (ours.find((t) => t.name === name) as { description?: string }).description;
    expect(described('CUSTOM.monoBrebTool')).toMatch(
      /"Cancel a QR code", "Delete a collection" delete at Mono Bre-B and cannot be undone/,
    );
    expect(described('CUSTOM.monoBreb')).toBe('Cancel Bre-B QR codes and delete collections at Mono, safely');
    for (const t of ours) {
      expect(t.iconUrl, t.name).toEqual({
        light: expect.stringMatching(/\.svg$/),
        dark: expect.stringMatching(/\.dark\.svg$/),
      });
      for (const path of Object.values(t.iconUrl!)) {
        const icon = await server.get(path);
        expect([path, icon.status, icon.headers.get('content-type')]).toEqual([
          path,
          200,
          expect.stringContaining('image/svg+xml'),
        ]);
        expect(await icon.text()).toMatch(/^<svg /);
      }
    }
  });
});
