import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cpuSeconds } from '@lama/testkit';
import { LAMA_BIN } from '@lama/testkit/process';
import { treeDigest, type Dataset } from './datasets.js';
import { SENDER, SENDER_IP, receiverIp, receiverNs, senderQueueDrops } from './topology.js';

/** Every lama process of this benchmark keeps discovery on loopback, on this helper's own group (it does not use it). */
const LAMA_ENV = { ...process.env, LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.114', LAMA_MDNS_PORT: '16114' };
export const TRANSFER_GROUP = '239.255.77.14:17145';
const running = new Set<ChildProcess>();

/** Kills every process this benchmark still runs (crash path; namespaces are swept too). */
export function killAll(): void {
  for (const c of running) c.kill('SIGKILL');
}

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
  /** CPU seconds, polled every 100 ms while it runs (for tools that do not report their own). */
  cpu: number;
}

function inNs(ns: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const run: Run = { child, stdout: '', stderr: '', cpu: 0, exit: Promise.resolve(null) };
  child.stdout!.on('data', (d) => { run.stdout += String(d); });
  child.stderr!.on('data', (d) => { run.stderr += String(d).slice(-4000); });
  const poll = setInterval(() => {
    try {
      run.cpu = cpuSeconds(child.pid!);
    } catch {
      // Exited.
    }
  }, 100);
  run.exit = new Promise((resolve) => child.on('exit', (code) => {
    clearInterval(poll);
    running.delete(child);
    resolve(code);
  }));
  return run;
}

function lastJson(text: string): Record<string, unknown> {
  const line = text.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!line) throw new Error(`no JSON result in: ${text.slice(-500)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function receiveDirs(root: string, n: number): string[] {
  const dirs = Array.from({ length: n }, (_, i) => join(root, `rx${i + 1}`));
  for (const d of dirs) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  return dirs;
}

/** One row of the results: a tool, a data set, N receivers. */
export interface Row {
  tool: string;
  dataset: string;
  n: number;
  seconds: number;
  goodputPct: number;
  identical: boolean;
  [k: string]: unknown;
}

/** lama transfer: N receivers started first, then the sender; seconds = sender spawn → sender exit (every receiver verified). */
export async function runLama(ds: Dataset, n: number, o: { root: string; credDir: string; rate: string; layout: string[]; loss?: string; sourceDigest: string }): Promise<Row> {
  const dirs = receiveDirs(o.root, n);
  const receivers = dirs.map((d, i) => inNs(receiverNs(i + 1), process.execPath, [LAMA_BIN, 'transfer', 'receive', '--group', TRANSFER_GROUP, '--interface', receiverIp(i + 1), '--out', d, '--credential', join(o.credDir, 'node.cred'), '--name', `r${i + 1}`, '--json', '--idle-timeout-s', '60', ...(o.loss ? ['--simulate-loss', o.loss] : [])], LAMA_ENV));
  // Node starts in about a second here; uftpd gets its head start too.
  await new Promise((r) => setTimeout(r, 1500));
  const drops0 = senderQueueDrops();
  const t0 = performance.now();
  const sender = inNs(SENDER, process.execPath, [LAMA_BIN, 'transfer', 'send', ds.dir, '--group', TRANSFER_GROUP, '--interface', SENDER_IP, '--receivers', String(n), '--rate', o.rate, '--credential', join(o.credDir, 'source.cred'), '--json', '--deadline-s', '300', ...o.layout], LAMA_ENV);
  const code = await sender.exit;
  const seconds = (performance.now() - t0) / 1000;
  const codes = await Promise.all(receivers.map((r) => r.exit));
  const s = lastJson(sender.stdout) as { complete: boolean; elapsedMs: number; dataStartedMs: number; manifestMs: number; cpuMs: number; stats: { dataPackets: number; repairPackets: number; manifestPackets: number; controlPackets: number; rounds: number; firstPassMs: number; wireBytes: number; naks: number } };
  const rs = receivers.map((r) => lastJson(r.stdout) as { complete: boolean; cpuMs: number; simulatedLoss: number; stats: { nakDatagrams: number; nakPacketsSuppressed: number; duplicates: number } });
  const identical = dirs.every((d) => treeDigest(d) === o.sourceDigest);
  const rxCpu = rs.map((r) => r.cpuMs / 1000);
  return {
    tool: o.loss ? `lama (loss ${o.loss})` : 'lama', dataset: ds.name, n, seconds: round(seconds), goodputPct: round((ds.bytes * 8) / seconds / 1e6, 1), identical,
    exitCodes: [code, ...codes], sessionSeconds: round(s.elapsedMs / 1000), dataSeconds: round((s.elapsedMs - s.dataStartedMs) / 1000), manifestSeconds: round(s.manifestMs / 1000),
    senderCpuS: round(s.cpuMs / 1000), receiverCpuS: { mean: round(rxCpu.reduce((a, b) => a + b, 0) / n), max: round(Math.max(...rxCpu)) },
    datagramsSent: s.stats.dataPackets + s.stats.repairPackets + s.stats.manifestPackets + s.stats.controlPackets, repairDatagrams: s.stats.repairPackets,
    firstPassSeconds: round(s.stats.firstPassMs / 1000), rounds: s.stats.rounds, nakDatagrams: rs.reduce((a, r) => a + r.stats.nakDatagrams, 0), nakPacketsSuppressed: rs.reduce((a, r) => a + r.stats.nakPacketsSuppressed, 0),
    wireMiB: round(s.stats.wireBytes / 2 ** 20, 1), senderQueueDrops: senderQueueDrops() - drops0,
    simulatedLossDrops: o.loss ? rs.reduce((a, r) => a + r.simulatedLoss, 0) : undefined,
  };
}

/** uftp 4.10.2 from Debian: uftpd in each receiver namespace, then uftp from the sender; seconds = uftp spawn → exit. */
export async function runUftp(ds: Dataset, n: number, o: { root: string; rateKbps: number; sourceDigest: string }): Promise<Row> {
  const dirs = receiveDirs(o.root, n);
  const daemons = dirs.map((d, i) => inNs(receiverNs(i + 1), 'uftpd', ['-d', '-x', '1', '-B', '8388608', '-I', 'eth0', '-D', d]));
  await new Promise((r) => setTimeout(r, 700));
  const cpu0 = daemons.map((d) => d.cpu);
  const drops0 = senderQueueDrops();
  const t0 = performance.now();
  const sender = inNs(SENDER, 'uftp', ['-I', 'eth0', '-R', String(o.rateKbps), '-b', '1400', '-B', '8388608', '-H', dirs.map((_, i) => receiverIp(i + 1)).join(','), ds.dir]);
  const code = await sender.exit;
  const seconds = (performance.now() - t0) / 1000;
  const rxCpu = daemons.map((d, i) => d.cpu - cpu0[i]);
  daemons.forEach((d) => d.child.kill('SIGTERM'));
  await Promise.all(daemons.map((d) => d.exit));
  const identical = dirs.every((d) => treeDigest(join(d, basename(ds.dir))) === o.sourceDigest);
  return {
    tool: `uftp -R ${o.rateKbps}`, dataset: ds.name, n, seconds: round(seconds), goodputPct: round((ds.bytes * 8) / seconds / 1e6, 1), identical, exitCode: code,
    senderCpuS: round(sender.cpu), receiverCpuS: { mean: round(rxCpu.reduce((a, b) => a + b, 0) / n), max: round(Math.max(...rxCpu)) },
    senderQueueDrops: senderQueueDrops() - drops0,
  };
}

/** The unicast baseline: every receiver fetches the same bytes over HTTP at once (a tree as one tar). */
export async function runHttp(ds: Dataset, n: number, o: { root: string; tarOf: (ds: Dataset) => string; sourceDigest: string }): Promise<Row> {
  const dirs = receiveDirs(o.root, n);
  const t0 = performance.now();
  const url = ds.name === 'big100' ? `http://${SENDER_IP}:8000/${ds.name}/big.bin` : `http://${SENDER_IP}:8000/${basename(o.tarOf(ds))}`;
  const fetches = dirs.map((d, i) => inNs(receiverNs(i + 1), 'sh', ['-c', ds.name === 'big100' ? `curl -sf -o ${d}/big.bin ${url}` : `curl -sf ${url} | tar xf - -C ${d}`]));
  const codes = await Promise.all(fetches.map((f) => f.exit));
  const seconds = (performance.now() - t0) / 1000;
  const identical = dirs.every((d) => treeDigest(ds.name === 'big100' ? d : join(d, ds.name)) === o.sourceDigest);
  return { tool: 'http (curl, python3 http.server)', dataset: ds.name, n, seconds: round(seconds), goodputPct: round((ds.bytes * 8) / seconds / 1e6, 1), identical, exitCodes: codes };
}

/** Starts python3's http.server in the sender namespace over dir. */
export function startHttpServer(dir: string): () => Promise<void> {
  const server = inNs(SENDER, '/usr/bin/python3', ['-m', 'http.server', '8000', '--bind', SENDER_IP, '--directory', dir]);
  return async () => {
    server.child.kill('SIGTERM');
    await server.exit;
  };
}
