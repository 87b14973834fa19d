// What the nodes' descriptions tell people and agents before anything runs: the canvas subtitle, the AI-tool
// variants' description, where the docs links lead and how the node panel finds the nodes, the trigger's guidance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlibabaCloudApi } from '../credentials/AlibabaCloudApi.credentials';
import { EpapApi } from '../credentials/EpapApi.credentials';
import { MonoBrebApi } from '../credentials/MonoBrebApi.credentials';
import { AlibabaCloudCams } from '../nodes/AlibabaCloudCams/AlibabaCloudCams.node';
import { Epap } from '../nodes/Epap/Epap.node';
import { MonoBreb } from '../nodes/MonoBreb/MonoBreb.node';
import { MonoBrebTrigger } from '../nodes/MonoBrebTrigger/MonoBrebTrigger.node';

describe('the canvas subtitle', () => {
  it('reads "<operation>: <resource>", never the action n8n names a node after (which showed it twice)', () => {
    for (const node of [new MonoBreb(), new AlibabaCloudCams(), new Epap()]) {
      const subtitle = node.description.subtitle!;
      const byOperation = JSON.parse(/^=\{\{ (\{.*\})\[/.exec(subtitle)![1]!) as Record<string, string>;
      expect(Object.values(byOperation).every((s) => /^[A-Z]\w*: [A-Z][\w ]+$/.test(s))).toBe(true);
    }
    const mono = JSON.parse(/^=\{\{ (\{.*\})\[/.exec(new MonoBreb().description.subtitle!)![1]!) as Record<
      string,
      string
    >;
    expect(mono['qrCode:cancelQrCode']).toBe('Cancel: QR Code');
    expect(mono['collection:deleteCollection']).toBe('Delete: Collection');
  });
});

describe('the AI-tool variants', () => {
  it('tell the agent which operations delete, that they cannot be undone, and to look first', () => {
    const tool = (node: { description: { usableAsTool?: unknown } }) =>
      (node.description.usableAsTool as { replacements: { description: string } }).replacements.description;
    expect(tool(new MonoBreb())).toBe(
      'Mono Bre-B: "Cancel a QR code", "Delete a collection" delete at Mono Bre-B and cannot be undone. Use "List QR codes of a collection", "Get a QR code", "List collections", "Get a collection" first to find and check the target, and delete only what the user asked for.',
    );
    expect(tool(new AlibabaCloudCams())).toMatch(
      /^Alibaba Cloud CAMS: "Delete a message QR code" deletes .* cannot be undone\. Use "List message QR codes of a number" first/,
    );
    expect(tool(new Epap())).toBe(
      'epap: "Delete a receipt" deletes at epap and cannot be undone. Delete only the target the user named, with the IDs the user gave.',
    );
  });
});

describe('where the node panel and the docs links lead', () => {
  const codex = (dir: string) =>
    JSON.parse(readFileSync(join(__dirname, `../nodes/${dir}/${dir}.node.json`), 'utf8')) as {
      alias: string[];
      resources: Record<string, { url: string }[]>;
    };
  it('every node is found by searching "Teardown", and its docs links carry no #anchor (n8n appends ?utm_… after it)', () => {
    for (const dir of ['MonoBreb', 'MonoBrebTrigger', 'AlibabaCloudCams', 'Epap']) {
      expect(codex(dir).alias).toContain('Teardown');
      for (const link of Object.values(codex(dir).resources).flat()) expect(link.url).not.toContain('#');
    }
  });
  it('the credentials link to our setup guide, not to the provider’s site', () => {
    for (const credential of [new MonoBrebApi(), new AlibabaCloudApi(), new EpapApi()])
      expect(credential.documentationUrl).toBe('https://github.com/teardown-dev/teardown/blob/main/docs/n8n.md');
  });
});

describe('the trigger panel', () => {
  it('says how to test, not only where to register the Production URL', () => {
    const notices = new MonoBrebTrigger().description.properties.filter((p) => p.type === 'notice');
    expect(notices.map((n) => n.displayName).join('\n')).toMatch(/"Listen for test event".*Test URL/);
  });
});
