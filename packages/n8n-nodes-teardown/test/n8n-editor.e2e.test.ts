// The n8n editor in a real browser, as a new user meets the package: Debian's Chromium, driven by playwright-core,
// against `n8n start` with the built package and the Teardown sandbox. Each step saves a screenshot under
// test-output/editor/ (the README shows some of them).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INodeTypeDescription } from 'n8n-workflow';
import { ID_FIELDS } from '@teardown/core';
import { startSandbox, type Sandbox } from '@teardown/sandbox';
import { installBuiltPackage, packageDir, startServer, work, type N8nServer } from './n8n-cli';

const CHROMIUM = process.env.TEARDOWN_CHROMIUM ?? '/usr/bin/chromium';
const shots = join(packageDir, 'test-output/editor');

let sb: Sandbox;
let server: N8nServer;
let browser: Browser;
let page: Page;
let collections: string[];

/** Waits for what the editor shows (it answers within seconds; the limit only bounds a failure). */
const until = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 250 });
/**
 * Saves what the user sees now as test-output/editor/<name>.png; with `forReadme`, also the node panel's parameters and
 * output (a smaller picture) as readme-<name>.png, which docs/ keeps a copy of for the README.
 */
async function shot(name: string, forReadme = false): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
  if (forReadme)
    await page.screenshot({
      path: join(shots, `readme-${name}.png`),
      clip: { x: 505, y: 60, width: 910, height: 540 },
    });
}
/** Deletes the sandbox was asked for, per collection. */
const deleteRequests = () =>
  Object.fromEntries(sb.admin.state().mono.collections.map((c) => [c.id, c.deleteRequests] as const));

beforeAll(async () => {
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  sb = await startSandbox({ seed: 71 });
  collections = sb.admin.seed({ mono: { count: 3, qrCodesPerCollection: 0 } }).mono.collections.map((c) => c.id);
  installBuiltPackage();
  server = await startServer();
  // n8n's own test IDs.
  selectors.setTestIdAttribute('data-test-id');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(30_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sb?.close();
  rmSync(work, { recursive: true, force: true });
  // n8n takes a few seconds to shut down, more on a busy machine.
}, 60_000);

describe('the Mono Bre-B node in the n8n editor', { timeout: 120_000 }, () => {
  it('logs in, finds the node by searching "Mono" and adds "Delete a collection", with its cannot-be-undone notice', async () => {
    await page.goto(`${server.url}/signin`);
    await page.locator('input[name=emailOrLdapLoginId]').fill('owner@teardown.invalid');
    await page.locator('input[name=password]').fill('Teardown-e2e-1');
    await page.getByTestId('form-submit-button').click();
    await page.waitForURL(/\/home\//);

    await page.goto(`${server.url}/workflow/new`);
    await page.getByTestId('canvas-plus-button').click();
    await page.getByTestId('node-creator-search-bar').fill('Mono');
    const found = page.getByTestId('node-creator-item-name').filter({ hasText: /^Mono Bre-B$/ });
    await until(() => found.count()).toBeGreaterThan(0);
    await shot('01-search-mono');
    await found.first().click();
    await page.getByText(/^Actions \(\d+\)$/).click();
    await shot('02-actions');
    await page.getByText('Delete a collection', { exact: true }).click();
    await until(() => page.getByTestId('node-parameters').innerText()).toContain('cannot be undone');
    await shot('03-node-panel');
  });

  it('creates the credential against the sandbox and shows "Connection tested successfully"', async () => {
    await page.getByTestId('node-credentials-empty-state').click();
    const modal = page.getByTestId('editCredential-modal');
    const { mono } = sb.credentials;
    await modal.getByTestId('parameter-input-clientId').locator('input').fill(mono.clientId);
    await modal.getByTestId('parameter-input-clientSecret').locator('input').fill(mono.clientSecret);
    await modal.getByTestId('parameter-input-environment').click();
    await page.getByRole('option', { name: 'Custom URL' }).click();
    await modal.getByTestId('parameter-input-baseUrl').locator('input').fill(mono.baseUrl);
    const tokens = sb.admin.calls()['mono-breb.token'] ?? 0;
    await modal.getByTestId('credential-save-button').click();
    // Saving tests the credential and closes the dialog; opening it again shows the test's result.
    await modal.waitFor({ state: 'hidden' });
    await page.getByTestId('credential-edit-button').click();
    await until(() => modal.innerText()).toContain('Connection tested successfully');
    await shot('04-credential-tested');
    expect(sb.admin.calls()['mono-breb.token']).toBeGreaterThan(tokens);
    await modal.getByRole('button', { name: 'Close this dialog' }).click();
    await modal.waitFor({ state: 'hidden' });
  });

  it('picks a collection from the searchable list, runs the step and reads "deleted"; the sandbox deleted exactly that collection, once', async () => {
    const target = collections[1]!;
    await page.getByTestId('rlc-input').click();
    await until(() => page.getByTestId('rlc-item').count()).toBe(collections.length);
    await page.getByTestId('rlc-search').fill(target.slice(-8));
    await until(() => page.getByTestId('rlc-item').allInnerTexts()).toEqual([expect.stringContaining(target)]);
    await shot('05-collection-list', true);
    await page.getByTestId('rlc-item').first().click();

    expect(deleteRequests()).toEqual(Object.fromEntries(collections.map((id) => [id, 0])));
    await page.getByTestId('node-execute-button').click();
    const output = page.getByTestId('output-panel');
    await until(() => output.innerText()).toMatch(/deleted/);
    await shot('06-deleted', true);
    expect(await output.innerText()).toContain(target);
    expect(deleteRequests()).toEqual(Object.fromEntries(collections.map((id) => [id, id === target ? 1 : 0])));
  });

  it('shows the ID rule as soon as a malformed ID is typed, and n8n refuses to run the step', async () => {
    const before = sb.admin.calls();
    await page.getByTestId('rlc-mode-selector').click();
    await page.getByRole('option', { name: 'By ID' }).click();
    await page.getByTestId('rlc-input').fill('bbcol_not-a-real-id');
    await page.getByTestId('node-parameters').getByTestId('parameter-issues').first().hover();
    const rule = ID_FIELDS.monoCollectionId.rule;
    await until(() => page.getByText(rule).count()).toBeGreaterThan(0);
    await shot('07-invalid-id', true);

    await page.getByTestId('node-execute-button').click();
    await until(() => page.getByText('Workflow execution cannot start').count()).toBeGreaterThan(0);
    await shot('08-execution-refused');
    expect(sb.admin.calls()).toEqual(before);
  });

  it('checks the CAMS phone number as it is typed, with core’s rule, in a new CAMS node (version 3)', async () => {
    // Leaving the unsaved Mono workflow: the browser asks whether to leave (n8n's beforeunload); leave.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.url}/workflow/new`);
    await page.getByTestId('canvas-plus-button').click();
    await page.getByTestId('node-creator-search-bar').fill('Alibaba Cloud CAMS');
    const found = page.getByTestId('node-creator-item-name').filter({ hasText: /^Alibaba Cloud CAMS$/ });
    await until(() => found.count()).toBeGreaterThan(0);
    await found.first().click();
    const actions = page.getByText(/^Actions \(\d+\)$/);
    const list = page.getByText('List message QR codes of a number', { exact: true });
    await actions.waitFor();
    // The actions may show folded, as Mono Bre-B's did.
    if (!(await list.isVisible())) await actions.click();
    await list.click();
    // n8n shows a typed value's issue once the field loses focus.
    await page.getByTestId('rlc-input').first().fill('+86 138 0000 0000');
    await page.keyboard.press('Tab');
    await page.getByTestId('node-parameters').getByTestId('parameter-issues').first().hover();
    await until(() => page.getByText(ID_FIELDS.camsPhoneNumber.rule).count()).toBeGreaterThan(0);
    await shot('09-cams-phone-rule');
    await page.getByTestId('rlc-input').first().fill(ID_FIELDS.camsPhoneNumber.example);
    await page.keyboard.press('Tab');
    await until(() => page.getByTestId('node-parameters').getByTestId('parameter-issues').count()).toBe(0);
  });
});

describe('the AI-tool variants as n8n derives them', () => {
  it('keep version 3, whose default operation is a list: an agent’s tool looks before it deletes', async () => {
    const types = (await (await server.get('types/nodes.json')).json()) as INodeTypeDescription[];
    for (const [name, lists] of [
      [
        'CUSTOM.monoBrebTool',
        [
          ['qrCode', 'listQrCodes'],
          ['collection', 'listCollections'],
        ],
      ],
      ['CUSTOM.alibabaCloudCamsTool', [['messageQrCode', 'listPhoneMessageQrdl']]],
    ] as const) {
      const tool = types.find((t) => t.name === name)!;
      const since3 = tool.properties.filter(
        (p) => p.name === 'operation' && JSON.stringify(p.displayOptions?.show?.['@version']).includes('gte'),
      );
      expect([tool.version, since3.map((p) => [p.displayOptions?.show?.resource?.[0], p.default])]).toEqual([
        [1, 2, 3],
        lists,
      ]);
    }
  });
});
