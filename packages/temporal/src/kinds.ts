// Target kinds and what deletes each: pure data, safe to import from workflow code (no Node or core imports).
import type { Provider } from '@teardown/core';

export type Target =
  | { kind: 'mono-qr'; collectionId: string; qrCodeId: string }
  | { kind: 'mono-collection'; collectionId: string }
  | { kind: 'cams-qr'; phoneNumber: string; qrdlCode: string; custSpaceId?: string }
  | { kind: 'epap-receipt'; epapId: string; chainId: string; appUserId: string };

export type TargetKind = Target['kind'];
export const TARGET_KINDS: readonly TargetKind[] = ['mono-qr', 'mono-collection', 'cams-qr', 'epap-receipt'];

export const PROVIDER_OF: Record<TargetKind, Provider> = {
  'mono-qr': 'mono-breb',
  'mono-collection': 'mono-breb',
  'cams-qr': 'alibaba-cams',
  'epap-receipt': 'epap',
};

/** The core operation (and activity, and workflow) that deletes a target of this kind. */
export const OPERATION_OF: Record<
  TargetKind,
  'cancelQrCode' | 'deleteCollection' | 'deletePhoneMessageQrdl' | 'deleteReceipt'
> = {
  'mono-qr': 'cancelQrCode',
  'mono-collection': 'deleteCollection',
  'cams-qr': 'deletePhoneMessageQrdl',
  'epap-receipt': 'deleteReceipt',
};
