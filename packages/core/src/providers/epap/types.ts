// The shapes epap's client takes.
import type { ClientOptions } from '../../http/provider-http.js';

export interface EpapClientOptions extends ClientOptions {
  clientId: string;
  clientSecret: string;
  /** The chain this client deletes for; `deleteReceipt` may override it. */
  chainId?: string;
  baseUrl?: string;
  /** Default `epap.pos`. */
  scope?: string;
}

export interface ReceiptRef {
  /** The receipt's document id, read from the app user's return QR code. */
  epapId: string;
  /** Defaults to the client's `chainId`. */
  chainId?: string;
  /** The app user's id, read from the same QR code. */
  appUserId: string;
}
