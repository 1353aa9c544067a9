// The JavaScript client package for billing systems (clients/js, @telecom-consortium/api) in the
// e2e run: its own tests (the definitions against a dev node, the TypeScript declarations),
// imported from the source tree, and the copy `npm ci` installed here, used as an integrator
// would (`connect()` over ws, http and wss).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tls from 'node:tls';
import { connect, telecomRpc } from '@telecom-consortium/api';
import { devNode } from '../../clients/js/test/node.test.mjs';
import '../../clients/js/test/dts.test.mjs';

const source = fileURLToPath(new URL('../../clients/js/', import.meta.url));
const installed = dirname(createRequire(import.meta.url).resolve('@telecom-consortium/api/package.json'));

test('the installed package is the source tree\'s (else: npm ci in e2e/)', () => {
  const files = (dir) => readdirSync(join(dir, 'src')).sort();
  assert.deepEqual(files(installed), files(source));
  for (const file of [...files(source).map((f) => join('src', f)), 'package.json', 'index.d.ts', 'definitions.d.ts', 'rpc-augment.d.ts']) {
    assert.equal(readFileSync(join(installed, file), 'utf8'), readFileSync(join(source, file), 'utf8'),
      `${file} is stale in e2e/node_modules: run npm ci in e2e/`);
  }
});

test('connect() over WebSocket and HTTP gives an ApiPromise with the custom RPCs and runtime APIs', async () => {
  const { rpcPort } = devNode();
  const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
  for (const url of [`ws://127.0.0.1:${rpcPort}`, `http://127.0.0.1:${rpcPort}`]) {
    const api = await connect(url, { check: true });
    try {
      assert.equal(api.runtimeVersion.specName.toString(), 'telecom-chain', url);
      assert.deepEqual(Object.keys(api.rpc.clearing).sort(), Object.keys(telecomRpc.clearing).sort());
      const agreement = (await api.rpc.roaming.agreement(0)).toJSON();
      assert.equal(agreement.status, 'active', `${url}: the demo agreement over RPC`);
      const viaRuntime = (await api.call.roamingApi.agreement(0)).toJSON();
      assert.equal(viaRuntime.status, 'Active', `${url}: the demo agreement over the runtime API`);
      assert.ok(Array.isArray((await api.call.clearingApi.openPositions(alice)).toJSON()));
    } finally {
      await api.disconnect();
    }
  }
});

test('connect() rejects when no node listens, and leaves nothing running', { timeout: 30_000 }, async () => {
  await assert.rejects(connect('ws://127.0.0.1:9'));
});

/** A private CA and a server certificate for 127.0.0.1, made with openssl in `dir`. */
function makeCertificates(dir) {
  const ssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 30_000 });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Consortium Test CA',
    '-keyout', 'ca.key', '-out', 'ca.pem');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'server.ext', '-out', 'server.pem');
  return { ca: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
}

/** Runs `connect()` of the installed package in a child Node.js with `env`; resolves with its output. */
function connectInChild(url, env) {
  const script = `import { connect } from '@telecom-consortium/api';
    try {
      const api = await connect(${JSON.stringify(url)}, { check: true });
      const agreement = (await api.call.roamingApi.agreement(0)).toJSON();
      console.log('connected', api.runtimeVersion.specName.toString(), agreement.status);
      await api.disconnect();
    } catch (error) { console.log('refused', error.message); }`;
  return new Promise((resolve) => execFile(process.execPath, ['--input-type=module', '-e', script],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), env: { ...process.env, ...env }, timeout: 60_000 },
    (error, stdout, stderr) => resolve(`${stdout}${error ? `exit ${error.code}: ${stderr}` : ''}`)));
}

test('connect() over wss:// through a TLS front with a private CA (NODE_EXTRA_CA_CERTS)', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'telecom-js-tls-'));
  const { rpcPort } = devNode();
  const { ca, key, cert } = makeCertificates(dir);
  const server = tls.createServer({ key, cert }, (client) => {
    const upstream = net.connect(rpcPort, '127.0.0.1');
    const close = () => { client.destroy(); upstream.destroy(); };
    client.on('error', close); upstream.on('error', close);
    client.pipe(upstream).pipe(client);
  });
  server.on('tlsClientError', () => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `wss://127.0.0.1:${server.address().port}`;
    assert.match(await connectInChild(url, { NODE_EXTRA_CA_CERTS: ca }), /^connected telecom-chain Active$/m);
    // Without the CA the certificate is not trusted and connect() rejects.
    assert.match(await connectInChild(url, { NODE_EXTRA_CA_CERTS: '' }), /^refused .*(certificate|self.signed)/im);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
