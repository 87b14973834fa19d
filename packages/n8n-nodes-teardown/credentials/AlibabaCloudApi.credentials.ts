import { randomUUID } from 'node:crypto';
import type {
  ICredentialDataDecryptedObject,
  ICredentialTestRequest,
  ICredentialType,
  Icon,
  IHttpRequestOptions,
  INodeProperties,
} from 'n8n-workflow';
import { CAMS_API_VERSION, EMPTY_BODY_SHA256, acsDate, sha256Hex, signAcs3 } from '@teardown/core';

const ENDPOINT_URL_EXPRESSION =
  "={{ /^https?:\\/\\//.test($credentials.endpoint) ? $credentials.endpoint : 'https://' + $credentials.endpoint }}";

/** The URL axios will call: `url` as is when absolute, else appended to `baseURL`. */
function requestUrl(options: IHttpRequestOptions): URL {
  if (/^https?:\/\//.test(options.url)) return new URL(options.url);
  return new URL(`${(options.baseURL ?? '').replace(/\/+$/, '')}/${options.url.replace(/^\/+/, '')}`);
}

export class AlibabaCloudApi implements ICredentialType {
  name = 'alibabaCloudApi';
  displayName = 'Alibaba Cloud API';
  icon: Icon = {
    light: 'file:../nodes/AlibabaCloudCams/alibabaCloud.svg',
    dark: 'file:../nodes/AlibabaCloudCams/alibabaCloud.dark.svg',
  };
  // Our setup guide (n8n appends tracking parameters to this link, so it carries no #anchor).
  documentationUrl = 'https://github.com/teardown-dev/teardown/blob/main/docs/n8n.md';
  properties: INodeProperties[] = [
    {
      displayName: 'AccessKey ID',
      name: 'accessKeyId',
      type: 'string',
      default: '',
      required: true,
      description: 'The AccessKey ID of a RAM user allowed cams:DeletePhoneMessageQrdl and cams:ListPhoneMessageQrdl',
    },
    {
      displayName: 'AccessKey Secret',
      name: 'accessKeySecret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'The AccessKey secret shown once when the AccessKey pair was created',
    },
    {
      displayName: 'STS Security Token',
      name: 'securityToken',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: 'Only for temporary (STS) credentials',
    },
    {
      displayName: 'Endpoint',
      name: 'endpoint',
      type: 'string',
      default: 'cams.ap-southeast-1.aliyuncs.com',
      description: 'Host or URL of the Chat App Message Service endpoint',
    },
    {
      displayName: 'Test Phone Number',
      name: 'testPhoneNumber',
      type: 'string',
      default: '',
      description:
        'A WhatsApp business number of this account, used only to test these credentials (lists its message QR codes)',
    },
  ];

  /**
   * Signs a CAMS RPC request (ACS3-HMAC-SHA256, core's signer) with its params in the query string. n8n calls this for
   * the credential test and for HTTP Request nodes using this credential; the CAMS node signs through core's client.
   */
  authenticate(
    credentials: ICredentialDataDecryptedObject,
    requestOptions: IHttpRequestOptions,
  ): Promise<IHttpRequestOptions> {
    const { body } = requestOptions;
    // n8n hands over `{}` when there is no body; only text can be hashed exactly as it will be sent.
    const text = typeof body === 'string' && body !== '' ? body : undefined;
    const empty =
      body === undefined ||
      body === null ||
      body === '' ||
      (typeof body === 'object' && Object.keys(body).length === 0);
    if (!empty && text === undefined) {
      return Promise.reject(
        new Error(
          'Alibaba Cloud API credential: send CAMS parameters as query parameters (RPC style), or the body as text, so the signature covers exactly what is sent',
        ),
      );
    }
    const url = requestUrl(requestOptions);
    const query: Record<string, string> = Object.fromEntries(url.searchParams);
    for (const [k, v] of Object.entries(requestOptions.qs ?? {}))
      query[k] = typeof v === 'string' ? v : JSON.stringify(v);
    const headers: Record<string, string> = {
      ...(requestOptions.headers as Record<string, string> | undefined),
      host: url.host,
      'x-acs-version': CAMS_API_VERSION,
      'x-acs-date': acsDate(Date.now()),
      'x-acs-signature-nonce': randomUUID(),
      'x-acs-content-sha256': text === undefined ? EMPTY_BODY_SHA256 : sha256Hex(text),
      ...(credentials.securityToken ? { 'x-acs-security-token': credentials.securityToken as string } : {}),
    };
    const { authorization } = signAcs3({
      method: requestOptions.method ?? 'GET',
      pathname: url.pathname,
      query,
      headers,
      accessKeyId: credentials.accessKeyId as string,
      accessKeySecret: credentials.accessKeySecret as string,
    });
    return Promise.resolve({ ...requestOptions, headers: { ...headers, authorization }, body: text });
  }

  // Lists the test number's message QR codes: proves the key exists, the signature (so the secret) is right and the
  // key may call CAMS.
  test: ICredentialTestRequest = {
    request: {
      method: 'POST',
      baseURL: ENDPOINT_URL_EXPRESSION,
      url: '/',
      qs: { PhoneNumber: '={{ $credentials.testPhoneNumber || "0" }}' },
      headers: { 'x-acs-action': 'ListPhoneMessageQrdl', accept: 'application/json' },
    },
    rules: [
      {
        type: 'responseCode',
        properties: {
          value: 404,
          message:
            'Alibaba Cloud does not know this AccessKey ID (InvalidAccessKeyId.NotFound): check the AccessKey ID and the endpoint',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 400,
          message:
            'Alibaba Cloud refused the request (400): usually a wrong AccessKey secret (SignatureDoesNotMatch), a RAM user without CAMS permission, or a bad test phone number',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 403,
          message: 'Alibaba Cloud refused this AccessKey (403): check that it is enabled and may use CAMS',
        },
      },
    ],
  };
}
