// A worker that cannot start says so in one line: the Temporal SDK's connection errors are Rust transport dumps
// (`tonic::transport::Error(Transport, ConnectError(… ConnectionRefused …))`) that name neither the cause in words nor
// what to do about it.
import { printableLines } from '@teardown/core';

const CAUSES: [RegExp, string][] = [
  [/ConnectionRefused|Connection refused/, 'nothing is listening there (connection refused)'],
  [/dns error|lookup address/, 'that host name does not resolve'],
  [/deadline|timed out|TimedOut/i, 'no answer in time'],
  [/certificate|tls|ssl/i, 'the TLS handshake failed (check TEMPORAL_TLS*, or TEMPORAL_API_KEY for Temporal Cloud)'],
];

/** Why the worker could not start at `address`, in one printable line, with what to do when Temporal is not there. */
export function workerStartError(address: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const transport = (error instanceof Error && error.name === 'TransportError') || text.includes('tonic::transport');
  if (!transport) return `Could not start the worker at ${address}: ${printableLines(text)}`;
  const cause = CAUSES.find(([pattern]) => pattern.test(text))?.[1] ?? 'the connection failed';
  return `Could not reach Temporal at ${address}: ${cause}. Start one (\`teardown dev\` runs a local one) or set TEMPORAL_ADDRESS (or a profile) to yours.`;
}
