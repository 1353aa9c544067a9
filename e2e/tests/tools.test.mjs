// The billing CLI and the load generator against a real dev node: a 100,000-record CSV is
// submitted with progress and lands whole; a second run sends nothing; the load generator's JSON
// line accounts for every extrinsic it submitted. A CSV re-run unchanged, then with rows appended
// and one line edited, books each record once; a node killed during a submission and restarted
// on its database loses no batch and doubles none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { freePort, nodeBinary, startDevNode, startNode, waitFor } from '../lib/node.mjs';
import { telecomRpc } from '@telecom-consortium/api';
import { submit } from '../lib/tx.mjs';

const bin = (name) => join(dirname(nodeBinary()), name);

/**
 * Runs a tool; resolves with its exit code, stdout and stderr (never rejects on exit codes). The
 * promise's `child` is the process, for a test that must stop it early.
 */
function run(name, args, env = {}) {
  let child;
  const done = new Promise((resolve) => {
    child = execFile(bin(name), args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 300_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }));
  });
  done.child = child;
  return done;
}

let node;
let url;
let dir;
const keyring = new Keyring({ type: 'sr25519' });
const [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((s) => keyring.addFromUri(s));

before(async () => {
  node = await startDevNode({ args: ['--dev', '--pool-limit', '32768', '--pool-kbytes', '131072'], rpc: telecomRpc });
  url = `http://127.0.0.1:${node.rpcPort}`;
  dir = mkdtempSync(join(tmpdir(), 'telecom-cli-'));
  writeFileSync(join(dir, 'alice.key'), '//Alice\n');
  writeFileSync(join(dir, 'charlie.key'), '//Charlie\n');
});

after(async () => {
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a 100,000-record CSV is submitted once, with progress; a re-run submits nothing', { timeout: 300_000 }, async () => {
  const lines = ['payer,payee,currency,amount,reference'];
  for (let n = 0; n < 100_000; n += 1) {
    // Alice owes Bob and Charlie for interconnect minutes, alternating.
    lines.push(`${alice.address},${n % 2 ? bob.address : charlie.address},EUR,${100 + (n % 900)},${n + 1}`);
  }
  const csv = join(dir, 'bills.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const expected = lines.slice(1).reduce((sum, l) => sum + BigInt(l.split(',')[3]), 0n);

  const first = await run('telecom-cli', ['--url', url, '--json', 'submit-bills', csv, '--key-file', join(dir, 'alice.key')]);
  assert.equal(first.code, 0, first.stderr);
  const summary = JSON.parse(first.stdout);
  assert.equal(summary.records, 100_000);
  assert.equal(summary.batches, 5, 'chunked at the runtime limit of 20,000 records');
  assert.equal(summary.submitted, 5);
  assert.equal(summary.finalized, 5);
  assert.equal(summary.records_finalized, 100_000);
  assert.equal(summary.batch_ids.length, 5);
  const progress = first.stderr.split('\n').filter((l) => l.includes('records,'));
  assert.ok(progress.length >= 2, `progress lines shown: ${first.stderr}`);
  assert.match(progress.at(-1), /100000\/100000 records, 5\/5 batches/);
  assert.ok(readFileSync(`${csv}.journal`, 'utf8').split('\n').filter((l) => l.startsWith('finalized')).length === 5);

  // The chain netted every record: Alice's EUR payable is the CSV's total.
  const positions = await node.api.rpc.clearing.openPositions(alice.address);
  const eur = positions.toJSON().find((p) => p.currency === 'EUR');
  assert.ok(BigInt(eur.payable) >= expected, `payable ${eur.payable} covers ${expected}`);

  // Second run: everything is recognised on chain; nothing is sent.
  const second = await run('telecom-cli', ['--url', url, '--json', 'submit-bills', csv, '--key-file', join(dir, 'alice.key'), '--quiet']);
  assert.equal(second.code, 0, second.stderr);
  const again = JSON.parse(second.stdout);
  assert.equal(again.already_done, 5);
  assert.equal(again.submitted, 0);
  // Even without the journal the chain's audit records stop a double submission.
  rmSync(`${csv}.journal`);
  const third = JSON.parse((await run('telecom-cli', ['--url', url, '--json', 'submit-bills', csv, '--key-file', join(dir, 'alice.key'), '--quiet'])).stdout);
  assert.equal(third.submitted, 0);
  const after = (await node.api.rpc.clearing.openPositions(alice.address)).toJSON().find((p) => p.currency === 'EUR');
  assert.equal(after.payable, eur.payable, 'no record counted twice');
});

test('the CLI refuses bad input with the line, and keys never come from the command line', { timeout: 60_000 }, async () => {
  // Exit codes: 2 invalid input, 3 refused by the chain, 4 connection lost (1 anything else).
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, `payer,payee,currency,amount,reference\n${alice.address},${bob.address},EUR,12.50,1\n`);
  const bad = await run('telecom-cli', ['--url', url, 'submit-bills', csv, '--key-file', join(dir, 'alice.key')]);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /line 2: amount `12.50` must be a positive whole number of minor units/);
  const badJson = await run('telecom-cli', ['--url', url, '--json', 'submit-bills', csv, '--key-file', join(dir, 'alice.key')]);
  assert.equal(badJson.code, 2);
  assert.equal(JSON.parse(badJson.stdout).exitCode, 2);

  const stranger = join(dir, 'stranger.csv');
  writeFileSync(stranger, `payer,payee,currency,amount,reference\n${bob.address},${charlie.address},EUR,5,1\n`);
  const notParty = await run('telecom-cli', ['--url', url, 'submit-bills', stranger, '--key-file', join(dir, 'alice.key')]);
  assert.equal(notParty.code, 2, notParty.stderr);
  assert.match(notParty.stderr, /line 2: the signing account .* is neither payer nor payee/);

  const noKey = await run('telecom-cli', ['--url', url, 'account'], { TELECOM_SURI: '' });
  assert.equal(noKey.code, 2, noKey.stderr);
  const badArgs = await run('telecom-cli', ['--url', url, 'submit-bills']);
  assert.equal(badArgs.code, 2, 'missing arguments (clap) are invalid input too');
  const fromEnv = await run('telecom-cli', ['--url', url, 'account'], { TELECOM_SURI: '//Bob' });
  assert.equal(fromEnv.stdout.trim(), bob.address);

  const statement = await run('telecom-cli', ['--url', url, '--json', 'positions', alice.address]);
  assert.equal(statement.code, 0, statement.stderr);
  assert.ok(Array.isArray(JSON.parse(statement.stdout)));

  // The demo radio unit SN-AAU-2026-0002 holds the ed25519 dev key //One; its id is keyed with
  // the demo maker's (public, dev-only) identifier key.
  const idKey = `0x${'da'.repeat(32)}`;
  const station = new Keyring({ type: 'ed25519' }).addFromUri('//One');
  const message = '0x01020304';
  const signature = `ed25519:0x${Buffer.from(station.sign(Buffer.from('01020304', 'hex'))).toString('hex')}`;
  const verified = await run('telecom-cli', ['--url', url, '--json', 'verify-device', 'SN-AAU-2026-0002', '--id-key', idKey, '--message', message, '--signature', signature]);
  assert.equal(verified.code, 0, verified.stderr);
  assert.equal(JSON.parse(verified.stdout).valid, true);
  const forged = await run('telecom-cli', ['--url', url, '--json', 'verify-device', 'SN-AAU-2026-0001', '--id-key', idKey, '--message', message, '--signature', signature]);
  assert.equal(JSON.parse(forged.stdout).valid, false);
});

test('a batch the chain refuses exits 3; an unreachable node exits 4', { timeout: 120_000 }, async () => {
  // A currency the consortium never registered: the batch is signed (mortal), sent and refused.
  const csv = join(dir, 'unknown-currency.csv');
  writeFileSync(csv, `payer,payee,currency,amount,reference\n${alice.address},${bob.address},XYZ,5,900000001\n`);
  const refused = await run('telecom-cli', ['--url', url, '--json', 'submit-bills', csv, '--key-file', join(dir, 'alice.key'), '--quiet']);
  assert.equal(refused.code, 3, `${refused.stdout} ${refused.stderr}`);
  assert.match(refused.stderr, /UnknownCurrency/);
  assert.equal(JSON.parse(refused.stdout).exitCode, 3);
  const bookedNow = (await node.api.query.clearing.bookedReferences(alice.address)).toJSON();
  assert.ok(!JSON.stringify(bookedNow).includes('900000001'), 'nothing booked');

  // Nothing listens on this port: the connection fails at once (no reconnect before a first
  // connection), as connection lost.
  const closed = await freePort();
  const unreachable = await run('telecom-cli', ['--url', `ws://127.0.0.1:${closed}`, 'positions', alice.address]);
  assert.equal(unreachable.code, 4, unreachable.stderr);
  const unreachableBills = await run('telecom-cli', ['--url', `http://127.0.0.1:${closed}`, 'submit-bills', csv, '--key-file', join(dir, 'alice.key'), '--quiet']);
  assert.equal(unreachableBills.code, 4, unreachableBills.stderr);
});

test('a billing host signs bills as its operator\'s Billing proxy and can do nothing else', { timeout: 180_000 }, async () => {
  // Bob's billing host holds its own key; Bob registers it as a Billing proxy.
  const host = keyring.addFromUri('//BobBillingHost');
  const { api } = node;
  await submit(api, api.tx.balances.transferKeepAlive(host.address, 10n ** 15n), bob);
  await submit(api, api.tx.proxy.addProxy(host.address, 'Billing', 0), bob);
  writeFileSync(join(dir, 'host.key'), '//BobBillingHost\n');

  const csv = join(dir, 'proxy-bills.csv');
  const rows = [1, 2, 3].map((n) => `${bob.address},${charlie.address},EUR,${1000 * n},${900000 + n}`);
  writeFileSync(csv, `payer,payee,currency,amount,reference\n${rows.join('\n')}\n`);
  const before = (await api.rpc.clearing.openPositions(bob.address)).toJSON().find((p) => p.currency === 'EUR');
  const sent = await run('telecom-cli', ['--url', url, '--json', '--proxy-for', bob.address, 'submit-bills', csv,
    '--key-file', join(dir, 'host.key'), '--quiet']);
  assert.equal(sent.code, 0, sent.stderr);
  const summary = JSON.parse(sent.stdout);
  assert.equal(summary.records_finalized, 3);
  const after = (await api.rpc.clearing.openPositions(bob.address)).toJSON().find((p) => p.currency === 'EUR');
  assert.equal(BigInt(after.payable) - BigInt(before?.payable ?? 0), 6000n, 'the records are Bob\'s');
  // A re-run through the proxy recognises the batch as Bob's and sends nothing.
  const again = JSON.parse((await run('telecom-cli', ['--url', url, '--json', '--proxy-for', bob.address,
    'submit-bills', csv, '--key-file', join(dir, 'host.key'), '--quiet'])).stdout);
  assert.equal(again.submitted, 0);

  // Anything else in Bob's name is refused: a transfer, a batch smuggling one, a new proxy.
  const asBob = (call) => api.tx.proxy.proxy(bob.address, 'Billing', call);
  const bobFree = (await api.query.system.account(bob.address)).data.free.toBigInt();
  await assert.rejects(submit(api, asBob(api.tx.balances.transferKeepAlive(host.address, 1)), host), /system.CallFiltered/);
  await assert.rejects(submit(api, asBob(api.tx.utility.batchAll([api.tx.balances.transferKeepAlive(host.address, 1)])), host),
    /system.CallFiltered/);
  await assert.rejects(submit(api, asBob(api.tx.proxy.addProxy(host.address, 'Any', 0)), host), /system.CallFiltered/);
  assert.equal((await api.query.system.account(bob.address)).data.free.toBigInt(), bobFree);

  // Revoked, the host's key no longer acts for Bob.
  await submit(api, api.tx.proxy.removeProxy(host.address, 'Billing', 0), bob);
  await assert.rejects(submit(api, asBob(api.tx.clearing.submitBill(charlie.address, 'EUR', 1, `0x${'11'.repeat(32)}`, `0x${'22'.repeat(32)}`)), host),
    /proxy.NotProxy/);
});

test('the load generator accounts for every extrinsic it submits', { timeout: 240_000 }, async () => {
  const transfers = await run('telecom-load', ['--url', url, '--scenario', 'transfers', '--senders', '300', '--per-sender', '4', '--rpc-rate', '40', '--timeout', '120']);
  assert.equal(transfers.code, 0, transfers.stderr);
  const t = JSON.parse(transfers.stdout);
  assert.equal(t.submitted, 1200);
  assert.equal(t.finalized, 1200);
  assert.equal(t.lost, 0);
  assert.deepEqual(t.rejected, {});
  assert.equal(t.kinds.transfer, 1200);
  assert.ok(t.tx_per_s > 0 && t.latency_p95_ms >= t.latency_p50_ms);
  // The custom RPC probe ran the whole window at 40 queries/s, every query answered.
  assert.equal(t.rpc_errors, 0);
  assert.ok(t.rpc_queries >= 40 * Math.floor(t.wall_s) * 0.8, `${t.rpc_queries} queries in ${t.wall_s} s`);
  assert.ok(t.rpc_p50_us > 0 && t.rpc_p99_us >= t.rpc_p50_us);

  const mix = await run('telecom-load', ['--url', url, '--scenario', 'mix', '--units', '100', '--timeout', '120']);
  assert.equal(mix.code, 0, mix.stderr);
  const m = JSON.parse(mix.stdout);
  assert.equal(m.submitted, 500);
  assert.equal(m.finalized + Object.values(m.rejected).reduce((a, b) => a + b, 0), 500);
  assert.deepEqual(m.failed, {}, 'every business extrinsic dispatched');
  assert.deepEqual(m.kinds, { '5g.report_energy': 300, 'clearing.submit_bill': 100, 'roaming.submit_batch': 100 });
});

/** `payer,payee,currency,amount,reference` lines; `rows` are [payer, payee, amount, reference]. */
const billsCsv = (rows) => `payer,payee,currency,amount,reference\n${rows.map(([payer, payee, amount, reference]) =>
  `${payer.address},${payee.address},EUR,${amount},${reference}`).join('\n')}\n`;

/** A submitter's batch audit records on chain: count and records booked. */
async function auditRecords(api, who) {
  const mine = (await api.query.clearing.batches.entries())
    .map(([, info]) => info.unwrap())
    .filter((info) => info.submitter.toString() === who.address);
  return {
    batches: mine.length,
    records: mine.reduce((sum, info) => sum + info.records.toNumber(), 0),
    hashes: mine.map((info) => info.hash.toHex()),
  };
}

const eurPayable = async (api, who) => BigInt(
  (await api.rpc.clearing.openPositions(who.address)).toJSON().find((p) => p.currency === 'EUR')?.payable ?? 0,
);
const booked = async (api, who) => (await api.query.clearing.bookedReferences(who.address))
  .map(([first, last]) => [first.toNumber(), last.toNumber()]);

test('a CSV submitted three times — unchanged, then with rows appended and one line edited — books each record once', { timeout: 240_000 }, async () => {
  const { api } = node;
  const key = join(dir, 'charlie.key');
  const csv = join(dir, 'three-runs.csv');
  const submitBills = async (...extra) => {
    const result = await run('telecom-cli', ['--url', url, '--json', 'submit-bills', csv, '--key-file', key, '--quiet', ...extra]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };
  // Charlie owes Dave and Alice for 25 records, numbered from 7,000,001.
  const rows = Array.from({ length: 25 }, (_, n) => [charlie, n % 2 ? alice : dave, 1_000 + n, 7_000_001 + n]);
  const sum = (list) => list.reduce((total, [, , amount]) => total + BigInt(amount), 0n);
  writeFileSync(csv, billsCsv(rows));
  const payableBefore = await eurPayable(api, charlie);
  const auditBefore = await auditRecords(api, charlie);

  // Run 1: three batches of at most 10 records.
  const first = await submitBills('--batch-records', '10');
  assert.deepEqual([first.records, first.batches, first.submitted, first.records_finalized], [25, 3, 3, 25]);
  assert.equal(await eurPayable(api, charlie) - payableBefore, sum(rows));
  assert.deepEqual(await booked(api, charlie), [[7_000_001, 7_000_025]]);

  // Run 2, the file unchanged: every batch is recognised on chain; nothing is sent.
  const second = await submitBills('--batch-records', '10');
  assert.deepEqual([second.already_done, second.submitted, second.records_finalized], [3, 0, 0]);

  // Run 3: five rows appended, and line 8 (record 7,000,007) "fixed" to another amount. The
  // chunk holding the edit hashes differently, but its records are all booked: the edited record
  // is not booked again (the chain books a record number once; the correction has to go through
  // a dispute or a new record). Only the five new records are sent.
  const appended = Array.from({ length: 5 }, (_, n) => [charlie, dave, 5_000 + n, 7_000_026 + n]);
  const edited = rows.map((row) => (row[3] === 7_000_007 ? [row[0], row[1], 99_999, row[3]] : row));
  writeFileSync(csv, billsCsv([...edited, ...appended]));
  const third = await submitBills('--batch-records', '10');
  assert.deepEqual(
    [third.records, third.batches, third.already_done, third.submitted, third.records_finalized],
    [30, 3, 2, 1, 5],
  );
  assert.equal(await eurPayable(api, charlie) - payableBefore, sum(rows) + sum(appended), 'the edit changed nothing booked');
  assert.deepEqual(await booked(api, charlie), [[7_000_001, 7_000_030]]);

  // Re-chunked (another --batch-records) and without the journal: still nothing sent.
  rmSync(`${csv}.journal`);
  const rechunked = await submitBills('--batch-records', '7');
  assert.deepEqual([rechunked.batches, rechunked.submitted], [5, 0]);

  // Exactly once, from the chain's audit records: four batches carrying 30 records in all.
  const audit = await auditRecords(api, charlie);
  assert.equal(audit.batches - auditBefore.batches, 4);
  assert.equal(audit.records - auditBefore.records, 30);
  assert.equal(new Set(audit.hashes).size, audit.hashes.length);
  assert.equal(await eurPayable(api, charlie) - payableBefore, sum(rows) + sum(appended));
});

test('a node killed during a submission and restarted on its database: the re-run loses no batch and doubles none', { timeout: 300_000 }, async (t) => {
  // A node of its own, on a kept base path and fixed ports, so that it restarts as the same node.
  const basePath = mkdtempSync(join(tmpdir(), 'telecom-restart-'));
  const [rpcPort, p2pPort] = [await freePort(), await freePort()];
  const start = () => startNode({ args: ['--dev'], basePath, rpcPort, p2pPort, rpc: telecomRpc });
  let own = await start();
  const wsUrl = `ws://127.0.0.1:${rpcPort}`;
  const csv = join(dir, 'restart.csv');
  const journal = `${csv}.journal`;
  let interrupted;
  try {
    // Alice owes Bob for 5,000 records: five batches of 1,000, one in flight at a time.
    const rows = Array.from({ length: 5_000 }, (_, n) => [alice, bob, 1 + (n % 97), n + 1]);
    const total = rows.reduce((sum, [, , amount]) => sum + BigInt(amount), 0n);
    writeFileSync(csv, billsCsv(rows));
    const payableBefore = await eurPayable(own.api, alice);
    const args = ['--url', wsUrl, '--json', 'submit-bills', csv, '--key-file', join(dir, 'alice.key'), '--quiet',
      '--batch-records', '1000', '--in-flight', '1'];
    interrupted = run('telecom-cli', [...args, '--timeout', '30']);

    // Kill the node (SIGKILL, by pid) once a batch is finalized and the next one is in flight.
    const count = (word) => (existsSync(journal)
      ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.startsWith(word)).length : 0);
    await waitFor('a batch finalized and the next in flight', () => count('finalized') >= 1 && count('submitted') > count('finalized'), 120_000, 100);
    const finalizedBeforeKill = count('finalized');
    const heightBeforeKill = (await own.api.rpc.chain.getHeader()).number.toNumber();
    await own.kill();
    own = await start();
    await waitFor('blocks after the restart', async () => (await own.api.rpc.chain.getHeader()).number.toNumber() > heightBeforeKill, 60_000, 500);

    // The interrupted run reconnects, finds the batch in flight neither in the (emptied) pool
    // nor in a block, signs it again with its nonce and a fresh mortal era and resubmits it,
    // and finishes (exit 0); or, if the node could not be reached again, it exits with the
    // connection-loss code 4. Either way the same command is then run again.
    const outcome = await interrupted;
    t.diagnostic(`interrupted run: exit ${outcome.code}, ${finalizedBeforeKill} batch(es) finalized before the kill; ${outcome.stderr.trim().split('\n').at(-1) ?? ''}`);
    assert.ok([0, 4].includes(outcome.code), `exit ${outcome.code}: ${outcome.stderr}`);
    if (outcome.code === 0) {
      const resumed = JSON.parse(outcome.stdout);
      t.diagnostic(`interrupted run: ${resumed.resubmitted} resubmission(s), ${resumed.reconnects} reconnect(s)`);
      assert.equal(resumed.finalized, 5, 'every batch finalized within the interrupted run');
      assert.ok(resumed.reconnects >= 1);
      const resubmitted = readFileSync(journal, 'utf8').split('\n').filter((l) => l.startsWith('resubmitted')).length;
      assert.equal(resubmitted, resumed.resubmitted, 'the journal names each resubmission');
    }
    const rerun = await run('telecom-cli', [...args, '--timeout', '60']);
    assert.equal(rerun.code, 0, rerun.stderr);
    const summary = JSON.parse(rerun.stdout);
    assert.equal(summary.batches, 5);
    t.diagnostic(`re-run: ${summary.already_done} done, ${summary.resumed_from_pool} from the pool, ${summary.submitted} sent`);

    // Every record booked exactly once: the audit records hold 5,000 records in distinct batches,
    // the booked numbers are 1..5,000, and Alice's payable is the file's total.
    const audit = await auditRecords(own.api, alice);
    assert.equal(audit.records, 5_000);
    assert.equal(new Set(audit.hashes).size, audit.batches);
    assert.deepEqual(await booked(own.api, alice), [[1, 5_000]]);
    assert.equal(await eurPayable(own.api, alice) - payableBefore, total);

    // And once more: nothing is sent.
    const again = await run('telecom-cli', [...args, '--timeout', '60']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).submitted, 0);
    assert.equal((await auditRecords(own.api, alice)).records, 5_000);
  } finally {
    if (interrupted && interrupted.child.exitCode === null) {
      interrupted.child.kill('SIGKILL');
      await interrupted;
    }
    await own?.stop();
    rmSync(basePath, { recursive: true, force: true });
    rmSync(journal, { force: true });
  }
});
