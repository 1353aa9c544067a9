// Starts a telecom-node on loopback for a test and always stops it again.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';

/** Path of the node binary: $TELECOM_NODE, or the release build in the cargo target dir. */
export function nodeBinary() {
  if (process.env.TELECOM_NODE) return process.env.TELECOM_NODE;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'telecom-chain', 'target');
  return join(target, 'release', 'telecom-node');
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `predicate()` is truthy; rejects after `timeoutMs`. */
export async function waitFor(what, predicate, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * Starts `telecom-node` with `args` on free loopback ports (or the given `rpcPort` and `p2pPort`)
 * and connects @polkadot/api to it with the given `rpc`, `runtime` and `types` definitions. The
 * database lives in `basePath` (a new temporary directory unless given; a given one is kept on
 * stop so the node can be restarted on it, on the same ports). Returns
 * { api, stop, kill, rpcPort, p2pPort, basePath, pid, log }: `stop` sends SIGTERM (SIGKILL after
 * 10 s), `kill` sends SIGKILL at once; both wait for the process to exit.
 */
export async function startNode({
  args = ['--dev'],
  basePath,
  rpcPort: givenRpcPort,
  p2pPort,
  // `npm test` runs four test files at once: on a 2-core machine four nodes compiling the
  // runtime at start-up took more than 60 s to open their RPC server (stop 34's local CI run).
  readyTimeoutMs = 240_000,
  rpc = {},
  runtime = {},
  types = {},
} = {}) {
  const binary = nodeBinary();
  if (!existsSync(binary)) {
    throw new Error(`node binary ${binary} not found: build it with cargo build --release -p telecom-node`);
  }
  const ownBasePath = !basePath;
  const base = basePath ?? mkdtempSync(join(tmpdir(), 'telecom-e2e-'));
  const rpcPort = givenRpcPort ?? await freePort();
  const promPort = await freePort();
  const p2p = p2pPort ?? await freePort();
  const child = spawn(
    binary,
    [
      ...args,
      '--base-path', base,
      '--rpc-port', String(rpcPort),
      '--listen-addr', `/ip4/127.0.0.1/tcp/${p2p}`,
      '--prometheus-port', String(promPort),
      '--no-mdns',
      '--no-telemetry',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (chunk) => {
    log += chunk.toString();
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));

  let api;
  const end = async (signal) => {
    if (api) await api.disconnect().catch(() => {});
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (ownBasePath) rmSync(base, { recursive: true, force: true });
  };
  const stop = () => end('SIGTERM');
  const kill = () => end('SIGKILL');

  try {
    await waitFor('the RPC server', () => /Running JSON-RPC server/.test(log) || child.exitCode !== null, readyTimeoutMs);
    if (child.exitCode !== null) throw new Error(`node exited early with ${child.exitCode}:\n${log}`);
    const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`, 1_000);
    api = await ApiPromise.create({ provider, rpc, runtime, types, noInitWarn: true, throwOnConnect: true });
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- node log ---\n${log.slice(-5000)}`);
  }
  return { api, stop, kill, rpcPort, p2pPort: p2p, basePath: base, pid: child.pid, log: () => log };
}

/** Starts a throw-away `--dev` chain (see `startNode`). */
export function startDevNode({ args = ['--dev'], ...options } = {}) {
  return startNode({ args, ...options });
}

/** Number of the best and of the finalized block of a node. */
export async function heads(api) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const finalizedHash = await api.rpc.chain.getFinalizedHead();
  const finalized = (await api.rpc.chain.getHeader(finalizedHash)).number.toNumber();
  return { best, finalized };
}
