// A real HTTP server on 127.0.0.1 for client tests: scripted answers, every request recorded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop';

export interface Loopback {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startLoopback(
  answer: (req: Received, index: number) => Answer | Promise<Answer>,
): Promise<Loopback> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(r);
      void Promise.resolve(answer(r, received.length - 1)).then((a) => {
        if (a === 'drop') {
          req.socket.destroy();
          return;
        }
        const body = a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const instantSleep = () => Promise.resolve();

/** Mono's documented error envelope. */
export function monoEnvelope(
  status: string,
  errorCode: string,
  message: string,
  topMessage: string,
  logId = 'log_7MkWaFqvfosB8fzHhb1Eql',
) {
  return {
    code: status,
    errors: [{ error_code: errorCode, message, path: null, url: null }],
    id: logId,
    message: topMessage,
  };
}

export const EPAP_TAIL =
  ' The server cannot process your request because the syntax is not valid. For detailed information visit www.docs.epap.app or contact us at contact@epap.app.';
