#!/usr/bin/env node
// A TCP proxy that makes a loopback link look like a long-haul one: every byte it forwards, in
// either direction, is held for a one-way delay plus jitter, and a chosen fraction of the
// connections it accepts is reset part-way through their life. `scripts/bench-latency.sh` puts
// one in front of each validator, so every validator-to-validator connection crosses exactly one
// proxy and its round trip is twice the one-way delay.
//
//   node scripts/lib/latency-proxy.mjs --listen 127.0.0.1:41010 --target 127.0.0.1:41000 \
//     --delay-ms 150 --jitter-ms 15 --reset-fraction 0.01 --reset-within-s 60 [--seed 7]
//
// Delay and jitter: each chunk read from one side is written to the other side after
// `delay ± jitter` ms (uniform), never before a chunk read earlier on the same direction (one
// FIFO per direction), so the byte stream keeps its order (TCP semantics) and the jitter shows up
// as bunching, as on a real path. Reset: each accepted connection is, with probability `--reset-fraction`, torn down with a
// TCP RST on both sides at a uniformly random moment within its first `--reset-within-s`
// seconds. On SIGTERM/SIGINT, or on `--duration-s`, the proxy prints one JSON line of counters
// (connections, resets, bytes each way) and exits; `--stats-file` gets them every second too.
import net from 'node:net';
import { writeFileSync } from 'node:fs';

function parseArgs(argv) {
  const opts = {
    listen: null, target: null, delayMs: 0, jitterMs: 0, resetFraction: 0, resetWithinS: 60,
    seed: Date.now() % 2147483647, durationS: 0, name: 'proxy', statsFile: null,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    switch (key) {
      case '--listen': opts.listen = value; break;
      case '--target': opts.target = value; break;
      case '--delay-ms': opts.delayMs = Number(value); break;
      case '--jitter-ms': opts.jitterMs = Number(value); break;
      case '--reset-fraction': opts.resetFraction = Number(value); break;
      case '--reset-within-s': opts.resetWithinS = Number(value); break;
      case '--seed': opts.seed = Number(value); break;
      case '--duration-s': opts.durationS = Number(value); break;
      case '--name': opts.name = value; break;
      case '--stats-file': opts.statsFile = value; break;
      default: throw new Error(`unknown option ${key}`);
    }
  }
  if (!opts.listen || !opts.target) throw new Error('--listen HOST:PORT and --target HOST:PORT are required');
  for (const k of ['delayMs', 'jitterMs', 'resetFraction', 'resetWithinS', 'seed', 'durationS']) {
    if (!Number.isFinite(opts[k]) || opts[k] < 0) throw new Error(`bad value for ${k}`);
  }
  if (opts.jitterMs > opts.delayMs) throw new Error('--jitter-ms must not exceed --delay-ms');
  if (opts.resetFraction > 1) throw new Error('--reset-fraction is a fraction (0..1)');
  return opts;
}

const hostPort = (s) => {
  const at = s.lastIndexOf(':');
  return { host: s.slice(0, at), port: Number(s.slice(at + 1)) };
};

// A small seeded generator (mulberry32), so a run's delays and resets can be replayed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const opts = parseArgs(process.argv.slice(2));
const random = rng(opts.seed);
const stats = { name: opts.name, connections: 0, resets: 0, bytes_in: 0, bytes_out: 0, delay_ms: opts.delayMs, jitter_ms: opts.jitterMs, reset_fraction: opts.resetFraction };
const sockets = new Set();

// Forwards `from` → `to`, each chunk after delay ± jitter, strictly in order: chunks wait in one
// FIFO per direction, released by a single timer for the head of the queue (separate timers per
// chunk could fire out of order and corrupt the stream). Back-pressure: when `to` cannot take
// more, `from` is paused until it drains.
function pipeDelayed(from, to, counter) {
  const queue = [];
  let lastRelease = 0;
  let timer = null;
  let ended = false;
  const flush = () => {
    timer = null;
    const now = Date.now();
    while (queue.length && queue[0].at <= now) {
      const { chunk } = queue.shift();
      if (to.destroyed) return;
      if (chunk === null) {
        to.end();
        return;
      }
      if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    }
    if (queue.length) timer = setTimeout(flush, Math.max(1, queue[0].at - now));
  };
  const push = (chunk) => {
    const jitter = (random() * 2 - 1) * opts.jitterMs;
    lastRelease = Math.max(lastRelease, Date.now() + opts.delayMs + jitter);
    queue.push({ chunk, at: lastRelease });
    if (!timer) timer = setTimeout(flush, Math.max(1, queue[0].at - Date.now()));
  };
  from.on('data', (chunk) => {
    stats[counter] += chunk.length;
    push(chunk);
  });
  // A clean close travels with the same delay, after the data before it.
  from.on('end', () => {
    if (!ended) push(null);
    ended = true;
  });
}

const { host: targetHost, port: targetPort } = hostPort(opts.target);
const server = net.createServer({ noDelay: true }, (client) => {
  stats.connections += 1;
  const upstream = net.connect({ host: targetHost, port: targetPort, noDelay: true });
  sockets.add(client);
  sockets.add(upstream);
  const closeBoth = () => {
    sockets.delete(client);
    sockets.delete(upstream);
    if (!client.destroyed) client.destroy();
    if (!upstream.destroyed) upstream.destroy();
  };
  client.on('error', closeBoth);
  upstream.on('error', closeBoth);
  client.on('close', closeBoth);
  upstream.on('close', closeBoth);
  pipeDelayed(client, upstream, 'bytes_in');
  pipeDelayed(upstream, client, 'bytes_out');
  if (random() < opts.resetFraction) {
    const at = random() * opts.resetWithinS * 1000;
    const timer = setTimeout(() => {
      if (client.destroyed && upstream.destroyed) return;
      stats.resets += 1;
      console.error(`${opts.name}: resetting connection ${stats.connections} after ${Math.round(at)} ms`);
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }, at);
    timer.unref();
  }
});

// The counters, also rewritten every second to --stats-file so a running bench can read them.
const writeStats = () => {
  if (opts.statsFile) writeFileSync(opts.statsFile, `${JSON.stringify(stats)}\n`);
};
if (opts.statsFile) setInterval(writeStats, 1000).unref();

const finish = () => {
  writeStats();
  console.log(JSON.stringify(stats));
  for (const s of sockets) s.destroy();
  server.close();
  process.exit(0);
};
process.on('SIGTERM', finish);
process.on('SIGINT', finish);
if (opts.durationS > 0) setTimeout(finish, opts.durationS * 1000);

const { host, port } = hostPort(opts.listen);
server.listen({ host, port }, () => {
  console.error(`${opts.name}: ${opts.listen} -> ${opts.target}, delay ${opts.delayMs}±${opts.jitterMs} ms, reset ${opts.resetFraction}`);
});
