// The benchmark's stand-in provider, in its own process so that its CPU is not charged to the clients measured.
// Answers token, CAMS, epap and Mono delete requests with their documented success bodies; prints its port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const camsOk = JSON.stringify({
  AccessDeniedDetail: 'None',
  RequestId: '90E63D28-E31D-1EB2-8939-A94866411B2O',
  Message: 'None',
  Code: 'OK',
});
const epapOk = JSON.stringify({
  message: 'Successfully deleted receipt. The user has been notified about a deleted epap.',
  status: 'OK',
  status_code: 200,
});
const token = JSON.stringify({ access_token: 'bench-token', expires_in: 3600, token_type: 'Bearer' });

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const path = req.url ?? '';
    if (path.endsWith('/oauth/token') || path.endsWith('/v1/login')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(token);
    } else if (req.method === 'DELETE') {
      res.writeHead(204).end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(path.startsWith('/receipts') ? epapOk : camsOk);
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.((server.address() as AddressInfo).port));
process.on('disconnect', () => process.exit(0));
