import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/** Tested by the Alibaba Cloud CAMS node (`alibabaCloudApiTest`): the request must be signed, so it cannot be declarative. */
export class AlibabaCloudApi implements ICredentialType {
  name = 'alibabaCloudApi';
  displayName = 'Alibaba Cloud API';
  icon: Icon = 'file:../nodes/AlibabaCloudCams/alibabaCloud.svg';
  documentationUrl = 'https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair';
  properties: INodeProperties[] = [
    { displayName: 'AccessKey ID', name: 'accessKeyId', type: 'string', default: '', required: true },
    { displayName: 'AccessKey Secret', name: 'accessKeySecret', type: 'string', typeOptions: { password: true }, default: '', required: true },
    { displayName: 'STS Security Token', name: 'securityToken', type: 'string', typeOptions: { password: true }, default: '', description: 'Only for temporary (STS) credentials' },
    { displayName: 'Endpoint', name: 'endpoint', type: 'string', default: 'cams.ap-southeast-1.aliyuncs.com', description: 'Host or URL of the Chat App Message Service endpoint' },
    { displayName: 'Test Phone Number', name: 'testPhoneNumber', type: 'string', default: '', description: 'A WhatsApp business number of this account, used only to test these credentials (lists its message QR codes)' },
  ];
}
