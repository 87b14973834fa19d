import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export const MONO_BASE_URL_EXPRESSION =
  "={{$credentials.environment === 'custom' ? $credentials.baseUrl : ($credentials.environment === 'certification' ? 'https://breb-participant.cert.monoban.co' : 'https://breb-participant.sandbox.mono.la')}}";

export class MonoBrebApi implements ICredentialType {
  name = 'monoBrebApi';
  displayName = 'Mono Bre-B API';
  icon: Icon = { light: 'file:../nodes/MonoBreb/monoBreb.svg', dark: 'file:../nodes/MonoBreb/monoBreb.dark.svg' };
  // Our setup guide (n8n appends tracking parameters to this link, so it carries no #anchor).
  documentationUrl = 'https://github.com/teardown-dev/teardown/blob/main/docs/n8n.md';
  properties: INodeProperties[] = [
    {
      displayName: 'Client ID',
      name: 'clientId',
      type: 'string',
      default: '',
      required: true,
      description: 'The client ID Mono gave you for its Bre-B participant API (OAuth client credentials)',
    },
    {
      displayName: 'Client Secret',
      name: 'clientSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'The client secret that goes with the client ID. Deletes need the "collections" scope.',
    },
    {
      displayName: 'Environment',
      name: 'environment',
      type: 'options',
      options: [
        { name: 'Sandbox', value: 'sandbox' },
        { name: 'Certification', value: 'certification' },
        { name: 'Custom URL', value: 'custom' },
      ],
      default: 'sandbox',
      description: 'Which Mono host to use: its sandbox, its certification host, or a URL you give (e.g. production)',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: '',
      placeholder: 'https://…',
      description: 'The API’s base URL, without a path (Mono publishes no production host: ask Mono for it)',
      displayOptions: { show: { environment: ['custom'] } },
    },
    {
      displayName: 'Webhook Secret',
      name: 'webhookSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description:
        'The secret Mono shows for your webhook. The Mono Bre-B Trigger needs it to check that events really come from Mono, and refuses to activate without it; the action node does not use it.',
    },
  ];

  test: ICredentialTestRequest = {
    request: {
      method: 'POST',
      baseURL: MONO_BASE_URL_EXPRESSION,
      url: '/api/v1/oauth/token',
      headers: { 'content-type': 'application/json' },
      body: {
        client_id: '={{$credentials.clientId}}',
        client_secret: '={{$credentials.clientSecret}}',
        grant_type: 'client_credentials',
        scope: 'collections',
      },
    },
    rules: [
      {
        type: 'responseCode',
        properties: {
          value: 401,
          message:
            'Mono rejected this client ID and secret (invalid_client): check both, and that the environment is the one they were issued for',
        },
      },
      {
        type: 'responseCode',
        properties: { value: 404, message: 'No Mono Bre-B API at this address: check the environment or custom URL' },
      },
    ],
  };
}
