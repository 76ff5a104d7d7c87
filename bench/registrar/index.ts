// bench/registrar: the LAMA registrar against etcd on the same operations, one JSON report on stdout.
// LAMA runs over mutual TLS; its registration and renewal phases run again over plaintext for `tls`.
import { onInterrupt } from '../lib/interrupt.js';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { progress } from '../lib/progress.js';
import { CONFIG } from './config.js';
import { EtcdTarget } from './etcd-target.js';
import { startEtcd, ensureEtcd, type EtcdServer } from './etcd-daemon.js';
import { startLamaLookup, type LamaLookup } from './lama-daemon.js';
import { LamaTarget } from './lama-target.js';
import { registerAndRenew, runPhases, type RenewalPhases, type TargetResults } from './phases.js';
import { comparison, interference, targets, tlsCost } from './report.js';

const METHOD = {
  lama: {
    daemon: "node packages/cli/bin/lama.js lookup --listen 127.0.0.1:0 --max-lease-ms 600000 --log-level info (at warn it never prints its 'lookup service listening' line, the only way to learn a port-0 endpoint; at info it logs only removals)",
    client: 'RegistrarClient from @lama/lookup in this Node process, one TCP connection per channel',
    register: 'Register(item, lease) unary call: one RPC per agent',
    renew: 'KeepAlive bidi streams, leases spread round-robin over the streams, streams over the channels',
    lookupByName: "Lookup { attributes: [bench.Node{name}] }, maxMatches 0: 1 match (bench.Node, not lama.Name: the registrar takes lama.Name only equal to the registering credential's name, and one credential registers every item)",
    lookupByRole: "Lookup { attributes: [lama.Role{role}] }, maxMatches 0: 1,000 matches; from separate client processes (raw gRPC, items counted in the answer's bytes), added one at a time until the server's throughput stops rising",
    watch: "Watch { attributes: [lama.Role{role: 'watch-target'}] } NOMATCH_MATCH; event = Register of a matching item; each watch is its own gRPC stream",
    rss: 'VmRSS / VmHWM from /proc/<pid>/status of the lama lookup process, 1 s after the preceding phase, no GC forced (the 10k sample follows the renewal and lookup phases, the 100k one the watch phase and 90,000 more registrations)',
    transport: 'mutual TLS, as shipped: the daemon without LAMA_PLAINTEXT and every client (in-process and role-client processes) on TLS',
    plaintextPass: "right after, a second `lama lookup` (fresh pool) with LAMA_PLAINTEXT=1 and in-process RegistrarClients with transport 'plaintext' (each unary call carries the credential and a single-use Ed25519 call proof, each KeepAlive stream one proof): the register10k, renewSteady and renewMax phases only, same sizes and paces; compared in `tls`",
  },
  etcd: {
    client: 'etcd3 npm client in the same Node process, one TCP connection per client instance',
    register: "put with lease: LeaseGrant (one lease per agent) + one Txn putting the item JSON under /lama/by-name/<name>/item and /lama/by-role/<role>/<name>, both on that lease: 2 RPCs per agent",
    leases: `granted with TTL ${CONFIG.etcdTtlSeconds} s: an etcd keep-alive resets a lease to its granted TTL and cannot change it, and its cost does not depend on the TTL; a long TTL keeps the keys through later phases without a background keep-alive loop`,
    renew: "raw LeaseKeepAlive bidi streams from etcd3's LeaseClient.leaseKeepAlive() (etcd3's Lease object keeps one lease per stream on its own timer, so it cannot be driven at a chosen rate), leases spread round-robin like LAMA's",
    lookupByName: 'getAll().prefix(/lama/by-name/<name>/) : 1 key',
    lookupByRole: 'KV.Range over /lama/by-role/<role>/ (what getAll().prefix() sends): 1,000 keys (the role index written at registration; a full scan would be unfair to etcd); client processes as for LAMA',
    watch: "watch().prefix('/lama/watch/') per watcher (etcd3 multiplexes all watchers over one Watch stream per client); event = Put with a lease",
    rss: 'VmRSS / VmHWM from /proc/<pid>/status of the etcd process, sampled like LAMA\'s; 100,000 items = 200,000 keys and 100,000 leases',
  },
};

const cleanups: (() => Promise<void>)[] = [];
const interrupt = onInterrupt(() => Promise.allSettled(cleanups.map((c) => c())));

/** Every phase over TLS (the main figures), or over plaintext only the phases `tls` compares. */
async function benchLama(out: Partial<TargetResults>, transport: 'tls' | 'plaintext'): Promise<Record<string, unknown>> {
  let lookup: LamaLookup | undefined;
  let target: LamaTarget | undefined;
  try {
    lookup = await startLamaLookup(CONFIG.longLeaseMs, transport);
    cleanups.push(lookup.dispose);
    progress(`lama lookup (${transport}) pid ${lookup.daemon.pid} listening on ${lookup.endpoint}`);
    target = new LamaTarget(lookup.daemon, lookup.endpoint, lookup.agent, CONFIG.channels, lookup.agentFile, transport);
    if (transport === 'tls') await runPhases(target, out);
    else await registerAndRenew(target, out);
    return { endpoint: lookup.endpoint, maxLeaseMs: CONFIG.longLeaseMs, transport };
  } finally {
    target?.close();
    await lookup?.dispose();
    if (lookup?.daemon.ended?.unexpected) throw new Error(`lama lookup died: ${JSON.stringify(lookup.daemon.ended)}`);
  }
}

async function benchEtcd(out: Partial<TargetResults>): Promise<Record<string, unknown>> {
  let server: EtcdServer | undefined;
  let target: EtcdTarget | undefined;
  try {
    server = await startEtcd();
    cleanups.push(server.dispose);
    progress(`etcd ${server.version} pid ${server.daemon.pid} on ${server.clientUrl}, data dir ${server.dataDir}`);
    target = new EtcdTarget(server.daemon, server.clientUrl, CONFIG.channels, CONFIG.etcdTtlSeconds);
    await runPhases(target, out);
    return { version: server.version, clientUrl: server.clientUrl, dataDir: 'fresh temp dir under os.tmpdir() (ext4 here), fsync left on as etcd ships' };
  } finally {
    target?.close();
    await server?.dispose();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  // Other work on the machine skews every number here; the per-phase cpuCores.machine shows it too.
  const startLoad = loadavg().map((x) => Number(x.toFixed(2)));
  const errors: string[] = [];
  const etcdVersion = ensureEtcd();
  const lama: Partial<TargetResults> = {};
  const etcd: Partial<TargetResults> = {};
  const plaintext: Partial<RenewalPhases> = {};
  let plaintextInfo: Record<string, unknown> = {};
  let lamaInfo: Record<string, unknown> = {};
  let etcdInfo: Record<string, unknown> = { version: etcdVersion };
  // One system at a time, so neither competes with the other for the machine's cores.
  try {
    lamaInfo = await benchLama(lama, 'tls');
  } catch (err) {
    errors.push(`lama: ${(err as Error).stack ?? String(err)}`);
    progress(`lama phase failed: ${(err as Error).message}`);
  }
  // The TLS cost: the same registration and renewal phases over plaintext, on a fresh daemon.
  if (!interrupt.interrupted) {
    try {
      plaintextInfo = await benchLama(plaintext, 'plaintext');
    } catch (err) {
      errors.push(`lama (plaintext): ${(err as Error).stack ?? String(err)}`);
      progress(`lama plaintext pass failed: ${(err as Error).message}`);
    }
  }
  if (!interrupt.interrupted) {
    try {
      etcdInfo = await benchEtcd(etcd);
    } catch (err) {
      errors.push(`etcd: ${(err as Error).stack ?? String(err)}`);
      progress(`etcd phase failed: ${(err as Error).message}`);
    }
  }
  const cmp = comparison(lama, etcd);
  const report = {
    benchmark: 'registrar',
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 2 ** 20), node: process.version, kernel: release(), loadAvgAtStart: startLoad },
    config: CONFIG,
    lama: { ...lamaInfo, method: METHOD.lama, ...lama },
    etcd: { ...etcdInfo, method: METHOD.etcd, ...etcd },
    comparison: cmp,
    targets: targets(lama, etcd, cmp),
    tls: tlsCost(lama, plaintext),
    lamaPlaintext: { ...plaintextInfo, ...plaintext },
    // Numbers from these phases are skewed by work that is not part of the benchmark.
    interference: interference({ lama, lamaPlaintext: plaintext, etcd }),
    errors,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  if (errors.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench registrar: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
}).finally(() => Promise.allSettled(cleanups.map((c) => c())));
