// `npm run bench -- transfer [--n 1,2,4,8] [--datasets big100,mayflower,showboat] [--tools lama,uftp,http]
//   [--http-n 1,8] [--rate 97mbit] [--uftp-rate 92000] [--loss 5%] [--loss-n 1,8] [--root /dev/shm/lm14-bench]`
// One sender and N receivers in network namespaces (lm14*) on a bridge, every link 100 Mbit/s
// tbf; @lama/transfer against uftp 4.10.2 (Debian) and HTTP unicast in the same run. Receive
// directories on tmpfs. Needs root. Namespaces are swept at start and removed at the end, also
// on a crash. One JSON document on stdout; progress on stderr.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { lamaSync } from '@lama/testkit/process';
import { progress } from '../lib/progress.js';
import { datasets, treeDigest, type Dataset } from './datasets.js';
import { killAll, runHttp, runLama, runUftp, startHttpServer, type Row } from './runners.js';
import { build, sweep } from './topology.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1,2,4,8' },
    datasets: { type: 'string', default: 'big100,mayflower,showboat' },
    tools: { type: 'string', default: 'lama,uftp,http' },
    'http-n': { type: 'string', default: '1,8' },
    rate: { type: 'string', default: '97mbit' },
    /** lama's payload per datagram and packets per block (7376 x 9: a datagram is five full IP fragments). */
    'packet-size': { type: 'string', default: '1440' },
    'packets-per-block': { type: 'string', default: '45' },
    'uftp-rate': { type: 'string', default: '92000' },
    loss: { type: 'string', default: '5%' },
    'loss-n': { type: 'string', default: '1,8' },
    root: { type: 'string', default: '/dev/shm/lm14-bench' },
  },
});
const ns = values.n.split(',').map(Number);
const httpNs = values['http-n'].split(',').map(Number);
const lossNs = values['loss-n'].split(',').filter(Boolean).map(Number);
const tools = new Set(values.tools.split(','));
const root = values.root;
const layout = ['--packet-size', values['packet-size'], '--packets-per-block', values['packets-per-block']];
const LAMA_ENV = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.114', LAMA_MDNS_PORT: '16114' };

function cleanup(): void {
  killAll();
  sweep();
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => process.exit(130));
process.on('uncaughtException', (err) => {
  process.stderr.write(`bench transfer: ${err.stack ?? err}\n`);
  process.exit(1);
});

function ensureUftp(): string {
  if (spawnSync('sh', ['-c', 'command -v uftp && command -v uftpd']).status !== 0) {
    progress('installing uftp from Debian');
    const r = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq uftp'], { stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new Error('apt-get install uftp failed');
  }
  return spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'uftp'], { encoding: 'utf8' }).stdout;
}

/** Least-squares slope of seconds over N. */
function slope(rows: Row[]): number | undefined {
  if (rows.length < 2) return undefined;
  const mx = rows.reduce((a, r) => a + r.n, 0) / rows.length;
  const my = rows.reduce((a, r) => a + r.seconds, 0) / rows.length;
  const num = rows.reduce((a, r) => a + (r.n - mx) * (r.seconds - my), 0);
  const den = rows.reduce((a, r) => a + (r.n - mx) ** 2, 0);
  return Math.round((num / den) * 1000) / 1000;
}

async function main(): Promise<Record<string, unknown>> {
  if (process.getuid?.() !== 0) throw new Error('the transfer benchmark needs root (network namespaces, tc)');
  const swept = sweep();
  if (swept.length) progress(`removed leftover namespaces: ${swept.join(' ')}`);
  const uftpVersion = tools.has('uftp') ? ensureUftp() : undefined;
  const maxN = Math.max(...ns, ...httpNs, ...lossNs);
  build(maxN);
  progress(`namespaces: lm14sw (bridge lm14br), lm14s, lm14r1..${maxN}; 100mbit tbf on every port`);
  const data = join(root, 'data');
  mkdirSync(data, { recursive: true });
  const credDir = join(root, 'creds');
  rmSync(credDir, { recursive: true, force: true });
  for (const args of [['keys', 'init', '--dir', join(credDir, 'pool')], ...['source', 'node'].map((n) => ['keys', 'issue', '--dir', join(credDir, 'pool'), '--role', 'agent', '--name', n, '--out', join(credDir, `${n}.cred`)])]) {
    const r = lamaSync(args, LAMA_ENV);
    if (r.status !== 0) throw new Error(`lama ${args.join(' ')}: ${r.stderr}`);
  }
  progress('generating data sets (once; kept under the root)');
  const all = datasets(data).filter((d) => values.datasets.split(',').includes(d.name));
  const digests = new Map(all.map((d) => [d.name, treeDigest(d.dir)]));
  const tarOf = (d: Dataset) => join(data, `${d.name}.tar`);
  const stopHttp = tools.has('http') ? startHttpServer(data) : undefined;
  for (const d of all) if (d.name !== 'big100' && tools.has('http')) spawnSync('tar', ['cf', tarOf(d), '-C', data, d.name]);
  const rx = join(root, 'rx');
  const rows: Row[] = [];
  const record = (r: Row) => {
    rows.push(r);
    progress(`${r.tool} ${r.dataset} N=${r.n}: ${r.seconds} s (${r.goodputPct} % of 100 Mbit/s) identical=${r.identical}`);
  };
  const loadStart = loadavg();
  try {
    for (const d of all) {
      const sourceDigest = digests.get(d.name)!;
      for (const n of ns) {
        if (tools.has('lama')) record(await runLama(d, n, { root: rx, credDir, rate: values.rate, layout, sourceDigest }));
        if (tools.has('uftp')) record(await runUftp(d, n, { root: rx, rateKbps: Number(values['uftp-rate']), sourceDigest }));
      }
      if (tools.has('http') && d.name !== 'showboat') for (const n of httpNs) record(await runHttp(d, n, { root: rx, tarOf, sourceDigest }));
      if (tools.has('lama') && d.name === 'mayflower') for (const n of lossNs) record(await runLama(d, n, { root: rx, credDir, rate: values.rate, layout, loss: values.loss, sourceDigest }));
    }
  } finally {
    await stopHttp?.();
    rmSync(rx, { recursive: true, force: true });
  }
  const summary: Record<string, unknown> = {};
  for (const d of all) {
    const per100 = (100 * 2 ** 20) / d.bytes;
    const by = (tool: string) => rows.filter((r) => r.dataset === d.name && r.tool === tool).sort((a, b) => a.n - b.n);
    const lama = by('lama');
    const uftp = rows.filter((r) => r.dataset === d.name && r.tool.startsWith('uftp')).sort((a, b) => a.n - b.n);
    const http = by('http (curl, python3 http.server)');
    const s = { lama: slope(lama), uftp: slope(uftp), http: slope(http) };
    const at = (rs: Row[], n: number) => rs.find((r) => r.n === n)?.seconds;
    summary[d.name] = {
      files: d.files, bytes: d.bytes,
      secondsPerExtraReceiver: s,
      secondsPerExtraReceiverPer100MiB: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v === undefined ? undefined : Math.round(v * per100 * 1000) / 1000])),
      unicastToMulticastSlope: s.http !== undefined && s.lama !== undefined ? (s.lama > 0 ? Math.round(s.http / s.lama) : `lama slope ${s.lama} s (flat within noise)`) : undefined,
      lamaN8OverN1: at(lama, 8) && at(lama, 1) ? Math.round((at(lama, 8)! / at(lama, 1)!) * 1000) / 1000 : undefined,
      lamaOverUftpN8: at(lama, 8) && at(uftp, 8) ? Math.round((at(lama, 8)! / at(uftp, 8)!) * 1000) / 1000 : undefined,
      lossOverLossless: Object.fromEntries(lossNs.map((n) => {
        const l = rows.find((r) => r.dataset === d.name && r.tool.startsWith('lama (loss') && r.n === n)?.seconds;
        return [`N${n}`, l && at(lama, n) ? Math.round((l / at(lama, n)!) * 1000) / 1000 : undefined];
      })),
      lamaSenderQueueDrops: lama.reduce((a, r) => a + Number(r.senderQueueDrops ?? 0), 0),
    };
  }
  return {
    benchmark: 'transfer',
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadavgAtStart: loadStart, loadavgAtEnd: loadavg() },
    setup: {
      topology: 'namespaces lm14s (sender 10.114.0.1) and lm14r1..N (10.114.0.11..) on bridge lm14br in lm14sw, snooping off; tbf rate 100mbit burst 64kb latency 50ms on each eth0 and each bridge port; receive dirs on tmpfs',
      binding: 'every process unpinned (the kernel schedules the sender and N receivers over the 2 cores, shared with other work: see loadavg); lama sockets: group socket 0.0.0.0:17145 joined 239.255.77.14 on eth0, the sender sends from its own ephemeral port on 10.114.0.1; TTL 1',
      lamaRate: values.rate, lamaLayout: `${values['packet-size']} bytes x ${values['packets-per-block']} packets per block`, lamaRateCounts: 'Ethernet + IPv4 + UDP headers (1,498 bytes per full datagram)', uftp: `uftp ${uftpVersion ?? '-'} -R ${values['uftp-rate']} -b 1400 -B 8388608; uftpd -B 8388608`,
      http: 'python3 -m http.server in lm14s; every receiver curl at once (a tree as one tar piped into tar x)', loss: `lama --simulate-loss ${values.loss} on every receiver`,
      seconds: 'sender process spawn -> sender exit (every receiver complete and verified by the tool); HTTP: first curl spawn -> last curl exit',
    },
    rows,
    summary,
  };
}

main().then((out) => {
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.exit(0);
}, (err: unknown) => {
  process.stderr.write(`bench transfer: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
