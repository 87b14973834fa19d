// The platform of hosts that do their own I/O, in place of ./node.ts when core is bundled with the `teardown-host-io`
// condition: n8n sends HTTP through its helpers and sleeps with its own timer, and a community node may ship no
// node:http and no global timer. Nothing here opens a socket or sets a timer; a client built without the transport or
// sleep it needs fails when it is constructed, naming the option, rather than at its first request or retry.
import type { Sleep } from '../http/retry.js';
import type { Transport } from '../http/transport.js';
import type { NodeTransport, NodeTransportOptions } from './node.js';

export type { NodeTransport, NodeTransportOptions } from './node.js';

const notBuiltIn = (what: string, option: string) =>
  new TypeError(
    `${what} is not part of this build of @teardown/core (for hosts that do their own I/O): pass \`${option}\``,
  );

export function createNodeTransport(_options?: NodeTransportOptions): NodeTransport {
  throw notBuiltIn('The node:http transport', 'transport');
}

export function defaultTransport(): Transport {
  throw notBuiltIn('A default HTTP transport', 'transport');
}

export function defaultSleep(): Sleep {
  throw notBuiltIn('A default timer', 'sleep');
}
