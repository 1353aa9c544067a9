// telecom-cli through a TLS-terminating proxy on loopback, as a billing system reaches a
// consortium RPC node across networks it does not control: a private CA (made here with openssl)
// is trusted with --ca-cert; bills land over wss:// with finality followed by subscription, and
// over https:// by polling; every connection dropped mid-run loses and doubles nothing; a node
// answering another runtime version is refused before anything is signed; a front requiring
// client certificates admits the CLI with --client-cert/--client-key only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { Keyring } from '@polkadot/keyring';
import { nodeBinary, startDevNode, waitFor } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';

const bin = (name) => join(dirname(nodeBinary()), name);

/** Starts a tool; `done` resolves with its exit code, stdout and stderr. Killed after 240 s. */
function start(name, args) {
  let child;
  const done = new Promise((resolve) => {
    child = execFile(bin(name), args, { maxBuffer: 64 << 20, timeout: 240_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }));
  });
  return { child, done };
}
const run = (name, args) => start(name, args).done;

let node;
let dir;
let ca;
const proxies = [];
const keyring = new Keyring({ type: 'sr25519' });
const [alice, bob] = ['//Alice', '//Bob'].map((s) => keyring.addFromUri(s));

/** A self-signed CA, a server certificate for 127.0.0.1 and a client certificate, by openssl. */
function makeCertificates(at) {
  const ssl = (...args) => execFileSync('openssl', args, { cwd: at, stdio: 'pipe', timeout: 30_000 });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Telecom Consortium Test CA',
    '-keyout', 'ca.key', '-out', 'ca.pem');
  writeFileSync(join(at, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'server.ext', '-out', 'server.pem');
  writeFileSync(join(at, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=billing-host', '-keyout', 'client.key', '-out', 'client.csr');
  ssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'client.ext', '-out', 'client.pem');
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Somebody Else',
    '-keyout', 'other-ca.key', '-out', 'other-ca.pem');
  const read = (f) => readFileSync(join(at, f));
  return { pem: join(at, 'ca.pem'), cert: read('ca.pem'), serverKey: read('server.key'), serverCert: read('server.pem') };
}

/**
 * A TLS-terminating proxy on loopback in front of the node's RPC port (plain TCP behind it).
 * `dropAll(pauseMs)` destroys every connection and refuses new ones for `pauseMs`;
 * `rewriteVersion = true` makes the node's runtime version answers name another spec_version
 * (one digit changed, so the WebSocket frame and HTTP lengths stay valid); `requireClientCert`
 * admits only clients with a certificate of the CA.
 */
async function startProxy(target, { requireClientCert = false } = {}) {
  const sockets = new Set();
  const state = { refuseUntil: 0, rewriteVersion: false, connections: 0 };
  const server = tls.createServer({
    key: ca.serverKey,
    cert: ca.serverCert,
    ...(requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca: ca.cert } : {}),
  }, (client) => {
    if (Date.now() < state.refuseUntil) { client.destroy(); return; }
    state.connections += 1;
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client); sockets.add(upstream);
    const close = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on('error', close); upstream.on('error', close);
    client.on('close', close); upstream.on('close', close);
    client.pipe(upstream);
    upstream.on('data', (chunk) => {
      if (state.rewriteVersion) {
        const text = chunk.toString('latin1').replace(/"specVersion":(\d+)/g,
          (_, v) => `"specVersion":${v.slice(0, -1)}${(Number(v.at(-1)) + 1) % 10}`);
        chunk = Buffer.from(text, 'latin1');
      }
      client.write(chunk);
    });
  });
  server.on('tlsClientError', () => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy = {
    port: server.address().port,
    state,
    dropAll(pauseMs = 0) {
      state.refuseUntil = Date.now() + pauseMs;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    close() {
      proxy.dropAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  proxies.push(proxy);
  return proxy;
}

/** A CSV of `count` bills of Alice to Bob from reference `first`; returns its path and total. */
function bills(name, first, count) {
  const rows = [];
  let total = 0n;
  for (let n = 0; n < count; n += 1) {
    const amount = 100 + ((first + n) % 50);
    total += BigInt(amount);
    rows.push(`${alice.address},${bob.address},EUR,${amount},${first + n}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `payer,payee,currency,amount,reference\n${rows.join('\n')}\n`);
  return { path, total };
}

const alicePayable = async () => BigInt((await node.api.rpc.clearing.openPositions(alice.address)).toJSON()
  .find((p) => p.currency === 'EUR')?.payable ?? 0);

before(async () => {
  node = await startDevNode({ rpc: telecomRpc });
  dir = mkdtempSync(join(tmpdir(), 'telecom-tls-'));
  ca = makeCertificates(dir);
  writeFileSync(join(dir, 'alice.key'), '//Alice\n');
});

after(async () => {
  for (const proxy of proxies) await proxy.close();
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('bills land over wss:// with a private CA, finality followed by subscription; https:// polls', { timeout: 180_000 }, async () => {
  const proxy = await startProxy(node.rpcPort);
  const { path, total } = bills('tls.csv', 1, 30);
  const payable = await alicePayable();

  // The private CA is not among the system's roots: without --ca-cert the server is not trusted.
  const untrusted = await run('telecom-cli', ['--url', `wss://127.0.0.1:${proxy.port}`, '--json', 'positions', alice.address]);
  assert.notEqual(untrusted.code, 0);
  assert.match(untrusted.stderr, /certificate|UnknownIssuer/i);
  const wrongCa = await run('telecom-cli', ['--url', `wss://127.0.0.1:${proxy.port}`, '--ca-cert', join(dir, 'other-ca.pem'),
    '--json', 'positions', alice.address]);
  assert.notEqual(wrongCa.code, 0);

  const sent = await run('telecom-cli', ['--url', `wss://127.0.0.1:${proxy.port}`, '--ca-cert', ca.pem, '--json',
    'submit-bills', path, '--key-file', join(dir, 'alice.key'), '--batch-records', '10', '--quiet']);
  assert.equal(sent.code, 0, sent.stderr);
  const summary = JSON.parse(sent.stdout);
  assert.equal(summary.records_finalized, 30);
  assert.equal(summary.finalized, 3);
  assert.equal(summary.finality, 'subscription');
  assert.equal(await alicePayable() - payable, total);

  // The same file over https:// (HTTP, no subscriptions): recognised on chain, nothing sent.
  const again = await run('telecom-cli', ['--url', `https://127.0.0.1:${proxy.port}`, '--ca-cert', ca.pem, '--json',
    'submit-bills', path, '--key-file', join(dir, 'alice.key'), '--batch-records', '10', '--quiet']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual([JSON.parse(again.stdout).already_done, JSON.parse(again.stdout).submitted], [3, 0]);
  assert.equal(JSON.parse(again.stdout).finality, 'polling');
  assert.equal(await alicePayable() - payable, total, 'no record counted twice');
});

test('connections dropped mid-run lose and double nothing: every record is booked once', { timeout: 240_000 }, async () => {
  const proxy = await startProxy(node.rpcPort);
  const { path, total } = bills('dropped.csv', 1001, 60);
  const payable = await alicePayable();
  const journal = `${path}.journal`;
  const cli = start('telecom-cli', ['--url', `wss://127.0.0.1:${proxy.port}`, '--ca-cert', ca.pem, '--json',
    'submit-bills', path, '--key-file', join(dir, 'alice.key'), '--batch-records', '5', '--in-flight', '4', '--quiet']);
  const lines = (kind) => (existsSync(journal) ? readFileSync(journal, 'utf8') : '').split('\n').filter((l) => l.startsWith(kind));
  try {
    // Mid-run: some batches finalized, others in the pool; every connection is cut, and the
    // proxy refuses new ones for two seconds. Then once more while later batches are pending.
    await waitFor('a first finalized batch', () => lines('finalized').length >= 1, 120_000, 100);
    proxy.dropAll(2_000);
    await waitFor('more batches submitted', () => lines('submitted').length >= 9, 120_000, 100);
    proxy.dropAll(500);
  } catch (error) {
    cli.child.kill('SIGKILL');
    await cli.done;
    throw error;
  }
  const result = await cli.done;
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout);
  assert.ok(summary.reconnects >= 1, `the CLI reconnected: ${result.stdout}`);
  assert.equal(summary.batches, 12);
  assert.equal(summary.finalized + summary.already_done + summary.resumed_from_pool, 12);
  assert.equal(summary.records_finalized, 60, 'every record finalized in this run');
  // Each batch finalized once in the journal, and the chain netted each record once.
  const finalized = lines('finalized').map((l) => l.split(' ')[1]);
  assert.equal(finalized.length, 12);
  assert.equal(new Set(finalized).size, 12);
  assert.equal(await alicePayable() - payable, total, 'positions grew by the file\'s total exactly');
  assert.ok(proxy.state.connections >= 2);

  // A re-run sends nothing.
  const again = await run('telecom-cli', ['--url', `wss://127.0.0.1:${proxy.port}`, '--ca-cert', ca.pem, '--json',
    'submit-bills', path, '--key-file', join(dir, 'alice.key'), '--batch-records', '5', '--quiet']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).submitted, 0);
  assert.equal(await alicePayable() - payable, total);
});

test('a node answering another runtime version is refused before signing; reading still works', { timeout: 60_000 }, async () => {
  const proxy = await startProxy(node.rpcPort);
  proxy.state.rewriteVersion = true;
  const built = node.api.runtimeVersion.specVersion.toNumber();
  const { path } = bills('other-runtime.csv', 5001, 3);
  const payable = await alicePayable();
  const refused = await run('telecom-cli', ['--url', `wss://127.0.0.1:${proxy.port}`, '--ca-cert', ca.pem,
    'submit-bills', path, '--key-file', join(dir, 'alice.key'), '--quiet']);
  assert.notEqual(refused.code, 0);
  const shown = String(built).slice(0, -1) + ((built % 10) + 1) % 10;
  assert.match(refused.stderr, new RegExp(`runs runtime spec_version ${shown}.*built for spec_version ${built}.*refuses to sign`));
  assert.match(refused.stderr, new RegExp(`Use a telecom-cli built for spec_version ${shown}`));
  assert.ok(!existsSync(`${path}.journal`), 'nothing was signed or submitted');
  assert.equal(await alicePayable(), payable);

  const read = await run('telecom-cli', ['--url', `wss://127.0.0.1:${proxy.port}`, '--ca-cert', ca.pem, '--json', 'positions', alice.address]);
  assert.equal(read.code, 0, read.stderr);
  assert.ok(Array.isArray(JSON.parse(read.stdout)));
});

test('a front requiring client certificates admits the CLI with --client-cert/--client-key only', { timeout: 60_000 }, async () => {
  const proxy = await startProxy(node.rpcPort, { requireClientCert: true });
  const url = `wss://127.0.0.1:${proxy.port}`;
  const without = await run('telecom-cli', ['--url', url, '--ca-cert', ca.pem, '--json', 'positions', alice.address]);
  assert.notEqual(without.code, 0);
  const withCert = await run('telecom-cli', ['--url', url, '--ca-cert', ca.pem, '--client-cert', join(dir, 'client.pem'),
    '--client-key', join(dir, 'client.key'), '--json', 'positions', alice.address]);
  assert.equal(withCert.code, 0, withCert.stderr);
  assert.ok(Array.isArray(JSON.parse(withCert.stdout)));
});
