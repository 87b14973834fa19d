import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class EpapApi implements ICredentialType {
  name = 'epapApi';
  // n8n's rules want credential names title-cased (its scanner fails 'epap API'); the node keeps the brand's 'epap'.
  displayName = 'Epap API';
  icon: Icon = { light: 'file:../nodes/Epap/epap.svg', dark: 'file:../nodes/Epap/epap.dark.svg' };
  // Our setup guide (n8n appends tracking parameters to this link, so it carries no #anchor).
  documentationUrl = 'https://github.com/teardown-dev/teardown/blob/main/docs/n8n.md';
  properties: INodeProperties[] = [
    {
      displayName: 'Client ID',
      name: 'clientId',
      type: 'string',
      default: '',
      required: true,
      description: 'The client ID epap gave your retail chain for its receipts API',
    },
    {
      displayName: 'Client Secret',
      name: 'clientSecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'The client secret that goes with the client ID',
    },
    {
      displayName: 'Chain ID',
      name: 'chainId',
      type: 'string',
      default: '',
      required: true,
      description: 'Your retail chain’s ID at epap: a chain can only delete its own receipts',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'https://europe-west1-epap-fg44.cloudfunctions.net/receipts',
      description: 'epap’s receipts API. Change it only for a test server.',
    },
  ];

  test: ICredentialTestRequest = {
    request: {
      method: 'POST',
      baseURL: '={{$credentials.baseUrl}}',
      url: '/v1/login',
      headers: {
        clientid: '={{$credentials.clientId}}',
        clientsecret: '={{$credentials.clientSecret}}',
        scope: 'epap.pos',
        token_type: 'Bearer',
      },
    },
    rules: [
      {
        type: 'responseCode',
        properties: { value: 403, message: 'epap rejected this client ID and secret: check both, and the base URL' },
      },
      {
        type: 'responseCode',
        properties: { value: 401, message: 'epap rejected this client ID and secret: check both, and the base URL' },
      },
      {
        type: 'responseCode',
        properties: { value: 404, message: 'No epap receipts API at this address: check the base URL' },
      },
    ],
  };
}
