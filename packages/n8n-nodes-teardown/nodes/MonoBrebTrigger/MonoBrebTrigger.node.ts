// Starts a workflow when Mono sends a collection event, after checking Mono-Signature over the raw body.
import type {
  IDataObject,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { MONO_SIGNATURE_HEADER, parseMonoWebhook, verifyMonoSignature } from '@teardown/core';

const EVENTS = [
  'created',
  'ready',
  'minimum_paid',
  'paid',
  'failed',
  'discarded',
  'updated',
  'attempt_successful',
  'attempt_unsuccessful',
];

export class MonoBrebTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Mono Bre-B Trigger',
    name: 'monoBrebTrigger',
    icon: { light: 'file:monoBreb.svg', dark: 'file:monoBreb.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description:
      'Starts the workflow when Mono sends a collection event, e.g. collection.discarded once a deleted collection’s key is gone',
    defaults: { name: 'Mono Bre-B Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'monoBrebApi', required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook', rawBody: true }],
    properties: [
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        options: EVENTS.map((e) => ({ name: `collection.${e}`, value: `collection.${e}` })),
        default: ['collection.discarded'],
        description: 'Which collection events start the workflow; others are acknowledged and ignored',
      },
    ],
  };

  // Mono's API for registering webhook URLs is not public: the URL is registered in Mono's dashboard, so activating
  // this trigger has nothing to create or delete at Mono.
  webhookMethods = {
    default: {
      checkExists: (): Promise<boolean> => Promise.resolve(true),
      create: (): Promise<boolean> => Promise.resolve(true),
      delete: (): Promise<boolean> => Promise.resolve(true),
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const req = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
    // Express's response, typed only as far as used here.
    const res = this.getResponseObject() as unknown as { status(code: number): { json(body: unknown): void } };
    const credentials = await this.getCredentials('monoBrebApi');
    const raw = req.rawBody ?? Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? {}));
    const verdict = verifyMonoSignature(
      raw,
      this.getHeaderData()[MONO_SIGNATURE_HEADER] as string | undefined,
      (credentials.webhookSecret as string) ?? '',
    );
    if (!verdict.valid) {
      res.status(401).json({ error: 'invalid_signature', reason: verdict.reason });
      return { noWebhookResponse: true };
    }
    let event: ReturnType<typeof parseMonoWebhook>;
    try {
      event = parseMonoWebhook(raw);
    } catch {
      res.status(400).json({ error: 'invalid_envelope' });
      return { noWebhookResponse: true };
    }
    const wanted = this.getNodeParameter('events', []) as string[];
    if (!wanted.includes(event.event.type)) return { webhookResponse: { status: 'ignored' } };
    return { workflowData: [[{ json: event as unknown as IDataObject }]] };
  }
}
