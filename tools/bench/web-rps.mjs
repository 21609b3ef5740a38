#!/usr/bin/env node
// Requests per second one vCPU serves on a reference request of the web tier, measured on
// loopback: the number `capacity` scales to instance types (packages/regional-stack/src/capacity-benchmarks.json).
//
//   node tools/bench/web-rps.mjs [--seconds 5] [--connections 32]
//
// The server is one Node.js event loop (one vCPU) in a child process; this process drives it over
// keep-alive connections to 127.0.0.1 only, for a bounded time, and prints one JSON line. The
// reference handler does what every authenticated API request does on the instance, without the
// network: verify an HMAC-SHA256 session token, look the session up, read a JSON body and render
// a ~2 KiB JSON response. TLS from the ALB, MySQL and Redis round trips are not in it: the capacity
// model accounts for them with `requestCostFactor`.
import { fork } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};

if (process.env.WEB_RPS_SERVER === '1') {
  const key = randomBytes(32);
  const sessions = new Map();
  for (let i = 0; i < 10_000; i++) sessions.set(`s${i}`, { userId: `u${i}`, role: i % 10 === 0 ? 'doctor' : 'patient', expires: Date.now() + 3_600_000 });
  const record = { id: 'p-000123', name: 'REDACTED', observations: Array.from({ length: 20 }, (_, i) => ({ code: `obs-${i}`, value: i * 1.5, unit: 'mg/dL', at: '2026-12-01T10:00:00Z' })) };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const [sid, mac] = String(req.headers['x-session'] ?? '').split('.');
      const expected = createHmac('sha256', key).update(sid ?? '').digest('base64url');
      const session = sessions.get(sid);
      if (!session || mac !== expected.slice(0, 16)) {
        res.writeHead(401).end();
        return;
      }
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const payload = JSON.stringify({ session: session.userId, role: session.role, query: body, record });
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(payload);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port, token: (sid) => sid }));
  process.on('message', (m) => {
    if (m.sign) process.send({ signed: `${m.sign}.${createHmac('sha256', key).update(m.sign).digest('base64url').slice(0, 16)}` });
    if (m.stop) server.close(() => process.exit(0));
  });
} else {
  const seconds = opt('seconds', 5);
  const connections = opt('connections', 32);
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, WEB_RPS_SERVER: '1' } });
  const message = (predicate) => new Promise((resolve) => child.on('message', (m) => predicate(m) && resolve(m)));
  const { port } = await message((m) => m.port);
  child.send({ sign: 's42' });
  const { signed } = await message((m) => m.signed);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const body = JSON.stringify({ filter: { since: '2026-11-01' }, page: 1 });
  let done = 0;
  let failed = 0;
  const deadline = Date.now() + seconds * 1000;
  const warmup = Date.now() + 1000;
  let counted = 0;
  const one = () =>
    new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/records/p-000123', method: 'POST', agent, headers: { 'x-session': signed, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) done++;
          else failed++;
          if (Date.now() > warmup) counted++;
          resolve();
        });
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
  const loop = async () => {
    while (Date.now() < deadline) await one();
  };
  await Promise.all(Array.from({ length: connections }, loop));
  agent.destroy();
  child.send({ stop: true });
  const measured = seconds - 1;
  process.stdout.write(
    `${JSON.stringify({
      tool: 'tools/bench/web-rps.mjs',
      date: new Date().toISOString().slice(0, 10),
      cpu: cpus()[0]?.model ?? 'unknown',
      seconds: measured,
      connections,
      requests: done,
      failed,
      requestsPerSecondPerVcpu: Math.round(counted / measured),
    })}\n`,
  );
}
