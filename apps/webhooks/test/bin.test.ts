// `teardown-webhooks` as operators run it (the built binary, a child process): it starts without Temporal, answers a
// delivery 503 while Temporal is away (bounded: a Temporal that accepts connections and never answers included), and
// signals again once Temporal is back; it listens on 127.0.0.1 unless HOST says otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { signMonoWebhook } from '@teardown/core';
import { startDevServer } from '../../../packages/temporal/test/server.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const SECRET = 'whsec_bin';
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts the receiver and resolves with the URL it says it listens on. */
async function receiver(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN], {
    env: { ...process.env, TEARDOWN_MONO_WEBHOOK_SECRET: SECRET, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
  return { url, child };
}

const discarded = (timestamp: string) =>
  JSON.stringify({
    event: {
      type: 'collection.discarded',
      data: { id: 'bbcol_5tgliBmzjZ6mpQPRbQjBin', state: 'discarded', state_reason: 'deleted' },
    },
    timestamp,
  });

const deliver = async (url: string, timestamp = new Date().toISOString()) => {
  const body = discarded(timestamp);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'mono-signature': signMonoWebhook(body, SECRET, Math.floor(Date.now() / 1000)) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

it('starts on 127.0.0.1 without Temporal, answers 503 while Temporal is away, and signals once it is back', async () => {
  const temporal = await startDevServer();
  try {
    await temporal.kill();
    const rx = await receiver({ TEMPORAL_ADDRESS: temporal.address });
    expect(new URL(rx.url)).toMatchObject({ hostname: '127.0.0.1', pathname: '/mono' });
    expect(await deliver(rx.url)).toEqual({ status: 503, body: { error: 'temporarily_unavailable' } });
    expect(rx.child.exitCode).toBeNull();

    await temporal.restart();
    // Nothing waits for this collection: once Temporal answers, the delivery is acknowledged 202 no-workflow.
    let answer = await deliver(rx.url);
    for (let i = 0; i < 120 && answer.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await deliver(rx.url);
    }
    expect(answer).toEqual({ status: 202, body: { status: 'no-workflow' } });
  } finally {
    await temporal.stop();
  }
});

it('answers 503 when Temporal accepts connections but never answers, instead of holding the delivery open', async () => {
  const held: Socket[] = [];
  const silent: Server = createServer((socket) => held.push(socket));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const rx = await receiver({
      TEMPORAL_ADDRESS: `127.0.0.1:${(silent.address() as { port: number }).port}`,
      HOST: '127.0.0.1',
      TEARDOWN_WEBHOOK_PATH: '/hooks/mono',
    });
    expect(new URL(rx.url).pathname).toBe('/hooks/mono');
    expect(await deliver(rx.url)).toEqual({ status: 503, body: { error: 'temporarily_unavailable' } });
    expect(held.length).toBeGreaterThan(0);
  } finally {
    for (const s of held) s.destroy();
    silent.close();
  }
});
