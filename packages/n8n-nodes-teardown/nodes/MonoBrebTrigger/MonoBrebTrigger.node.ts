// Starts a workflow when Mono sends a collection event, after checking Mono-Signature over the raw body.
import type {
  IDataObject,
  IHookFunctions,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, WebhookPathTakenError } from 'n8n-workflow';
import {
  MONO_SIGNATURE_HEADER,
  parseMonoWebhook,
  verifyMonoSignature,
  type MonoCollectionEventType,
} from '@teardown/core';

/** Every collection event Mono sends, as the list shows it (typed by core, so a new event cannot be left out). */
const EVENTS: Record<MonoCollectionEventType, { name: string; description: string }> = {
  'collection.attempt_successful': {
    name: 'Payment Attempt Succeeded',
    description: 'A payment to the collection went through',
  },
  'collection.attempt_unsuccessful': {
    name: 'Payment Attempt Failed',
    description: 'A payment to the collection was refused',
  },
  'collection.created': {
    name: 'Collection Created',
    description: 'A collection was created; its key is not registered yet',
  },
  'collection.discarded': {
    name: 'Collection Discarded',
    description: 'The collection is gone for good: deleted (its key is cancelled), expired or inactive',
  },
  'collection.failed': { name: 'Collection Failed', description: 'Registering the collection’s key failed' },
  'collection.minimum_paid': { name: 'Minimum Amount Paid', description: 'The collection received its minimum amount' },
  'collection.paid': { name: 'Collection Paid', description: 'The collection is paid in full' },
  'collection.ready': { name: 'Collection Ready', description: 'The collection’s key is registered: it can be paid' },
  'collection.updated': { name: 'Collection Updated', description: 'Something else about the collection changed' },
};

const WEBHOOK_SECRET_MISSING =
  'The Mono Bre-B credential has no webhook secret: add the secret Mono shows for this webhook, so that the trigger can tell Mono’s events from forged ones';

/**
 * Activating without a webhook secret: an error n8n does not retry. n8n 2.41 retries a failed trigger activation five
 * times over about 15 s (the editor's Publish spins meanwhile) unless the error is a WebhookPathTakenError — the one
 * class its `isTransientActivationError` (n8n's workflows/triggers/trigger-activation-retry) treats as final. A missing
 * secret cannot fix itself between tries, so it is reported with that class and this node's own message.
 */
export class WebhookSecretMissingError extends WebhookPathTakenError {
  constructor(nodeName: string) {
    super(nodeName);
    this.name = 'WebhookSecretMissingError';
    this.message = WEBHOOK_SECRET_MISSING;
    this.description = 'Open the credential, fill in Webhook Secret, save, and publish again.';
  }
}

export class MonoBrebTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Mono Bre-B Trigger',
    name: 'monoBrebTrigger',
    icon: { light: 'file:monoBreb.svg', dark: 'file:monoBreb.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: `={{ $parameter["events"].map((e) => (${JSON.stringify(
      Object.fromEntries(Object.entries(EVENTS).map(([value, { name }]) => [value, name])),
    )})[e] ?? e).join(", ") }}`,
    description:
      'Starts the workflow when Mono sends a collection event, e.g. collection.discarded once a deleted collection’s key is gone',
    defaults: { name: 'Mono Bre-B Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'monoBrebApi', required: true }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook', rawBody: true }],
    properties: [
      {
        displayName:
          'Register this node’s Production URL (above) as your webhook in Mono’s dashboard: Mono has no API for it, so activating the workflow registers nothing. The credential’s webhook secret must be the one Mono shows for that webhook.',
        name: 'registerNotice',
        type: 'notice',
        default: '',
      },
      {
        // n8n's panel explains listening in general; what it cannot know is that Mono calls one URL only, and signs.
        displayName:
          'To test: click "Listen for test event", then send a delivery to the Test URL (above) — Mono calls only the URL registered in its dashboard, so register the Test URL there while you build, or post a delivery signed with the webhook secret yourself (the package README shows how). Unsigned or wrongly signed deliveries are refused with 401.',
        name: 'testNotice',
        type: 'notice',
        default: '',
      },
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        options: Object.entries(EVENTS)
          .map(([value, { name, description }]) => ({ name, value, description }))
          .sort((a, b) => a.name.localeCompare(b.name)),
        default: ['collection.discarded'],
        description: 'Which collection events start the workflow; others are acknowledged and ignored',
      },
    ],
  };

  // Mono's API for registering webhook URLs is not public: the URL is registered in Mono's dashboard, so activating
  // this trigger has nothing to create or delete at Mono. What activating does check is the webhook secret: without it
  // every delivery would be refused (or, worse, nothing could be verified), so the trigger refuses to start, saying why.
  // The credential itself cannot require the secret: the action node uses the same credential and needs none.
  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const credentials = await this.getCredentials('monoBrebApi');
        if (typeof credentials.webhookSecret === 'string' && credentials.webhookSecret.trim() !== '') return true;
        // n8n's scanner lets a node `throw new` only the n8n error classes it lists, and its list lacks n8n-workflow's
        // WebhookPathTakenError, which this error extends: the one error n8n 2.41 does not retry activating on.
        const missing = new WebhookSecretMissingError(this.getNode().name);
        throw missing;
      },
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
