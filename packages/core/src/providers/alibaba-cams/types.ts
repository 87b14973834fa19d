export const CAMS_API_VERSION = '2020-06-06';
export const CAMS_DEFAULT_ENDPOINT = 'cams.ap-southeast-1.aliyuncs.com';

export interface CamsMessageQrdl {
  QrImageUrl?: string;
  PhoneNumber: string;
  QrdlCode: string;
  DeepLinkUrl?: string;
  /** `PNG` or `SVG`. */
  GenerateQrImage?: string;
  PrefilledMessage?: string;
}

export interface MessageQrdlRef {
  phoneNumber: string;
  qrdlCode: string;
  custSpaceId?: string;
}

export interface ListMessageQrdlInput {
  phoneNumber: string;
  custSpaceId?: string;
}
