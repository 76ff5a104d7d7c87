import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCredential, parseHostPort } from '@lama/lookup/trust';
import { parseLoss, parseRate, receiveOverUdp, sendOverUdp, type SnapshotEntry } from '@lama/transfer';

/** Flags of `lama transfer send`. */
export interface SendFlags {
  entries?: string;
  group: string;
  credential: string;
  interface: string;
  ttl: number;
  receivers: number;
  registerTimeoutMs?: number;
  rate: string;
  maxRounds?: number;
  deadlineS: number;
  packetSize: number;
  packetsPerBlock: number;
  json: boolean;
}

/** Flags of `lama transfer receive`. */
export interface ReceiveFlags {
  group: string;
  out: string;
  credential: string;
  interface: string;
  ttl: number;
  name?: string;
  idleTimeoutS: number;
  simulateLoss?: string;
  json: boolean;
}

const MiB = 1024 * 1024;

/** CPU time of this process so far (user + system), for the benchmark's figures. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 1000);
}

function groupOf(text: string): { group: string; port: number } {
  const hp = parseHostPort(text)!;
  return { group: hp.host, port: hp.port };
}

/** A progress line rewritten in place, only on a terminal. */
function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
}

/** Exit 3: the session ended without every file everywhere (best effort). */
const INCOMPLETE = 3;

/** `lama transfer send`. */
export async function send(dir: string | undefined, f: SendFlags): Promise<void> {
  if (!dir === !f.entries) throw new Error('give either DIR or --entries FILE');
  const source = dir ? { dir: resolve(dir) } : { entries: JSON.parse(readFileSync(resolve(f.entries!), 'utf8')) as SnapshotEntry[] };
  const rateBps = parseRate(f.rate);
  const session = await sendOverUdp({
    ...groupOf(f.group), interface: f.interface, ttl: f.ttl, source, credential: loadCredential(resolve(f.credential)), rateBps,
    receivers: f.receivers, registerTimeoutMs: f.registerTimeoutMs, maxRounds: f.maxRounds, deadlineMs: f.deadlineS * 1000,
    packetSize: f.packetSize, packetsPerBlock: f.packetsPerBlock,
  });
  const stop = () => void session.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const t0 = Date.now();
  const timer = setInterval(() => {
    const s = session.sender.stats;
    const secs = (Date.now() - t0) / 1000;
    progress(`sent ${(s.wireBytes / MiB).toFixed(1)} MiB at ${((s.wireBytes * 8) / secs / 1e6).toFixed(1)} Mbit/s, repairs ${s.repairPackets}, round ${s.rounds}`);
  }, 500);
  try {
    const r = await session.done;
    progress('');
    if (f.json) console.log(JSON.stringify({ ...r, manifestMs: session.manifestMs, sendErrors: session.transport.sendErrors, cpuMs: cpuMs() }));
    else {
      const s = r.stats;
      console.log(`${r.complete ? 'complete' : `incomplete (${r.missingReceivers ? `${r.missingReceivers} receivers never registered` : r.reason})`}: ${r.receivers.filter((x) => x.complete).length}/${r.receivers.length} receivers in ${(r.elapsedMs / 1000).toFixed(2)} s; ${s.dataPackets + s.repairPackets} data datagrams (${s.repairPackets} repairs), ${s.rounds} rounds, ${(s.wireBytes / MiB).toFixed(1)} MiB on the wire`);
      for (const x of r.receivers.filter((y) => !y.complete)) console.log(`  ${x.name} (${x.address}) lacks ${x.lacking.length} files${x.reported ? '' : ' (no report)'}: ${x.lacking.slice(0, 5).join(', ')}${x.lacking.length > 5 ? ', …' : ''}`);
    }
    if (!r.complete) process.exitCode = INCOMPLETE;
  } finally {
    clearInterval(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** `lama transfer receive`. */
export async function receive(f: ReceiveFlags): Promise<void> {
  const credential = loadCredential(resolve(f.credential));
  const target = resolve(f.out);
  const session = await receiveOverUdp({
    ...groupOf(f.group), interface: f.interface, ttl: f.ttl, credential, target, name: f.name ?? `${credential.certificate.name}:${target}`,
    idleTimeoutMs: f.idleTimeoutS * 1000, simulateLoss: f.simulateLoss ? parseLoss(f.simulateLoss) : undefined,
  });
  const { receiver } = session;
  receiver.on('refused', (err: Error) => process.stderr.write(`refused a session: ${err.message}\n`));
  const stop = () => void session.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // No session at all within the idle timeout: give up too.
  const waiting = setTimeout(stop, f.idleTimeoutS * 1000);
  receiver.once('session', () => clearTimeout(waiting));
  const t0 = Date.now();
  const timer = setInterval(() => {
    const s = receiver.stats;
    progress(`received ${(s.dataBytes / MiB).toFixed(1)} MiB at ${((s.dataBytes * 8) / ((Date.now() - t0) / 1000) / 1e6).toFixed(1)} Mbit/s, ${s.filesLanded} files, ${s.blocksRejected} blocks rejected`);
  }, 500);
  try {
    const r = await session.done;
    progress('');
    const loss = session.transport.loss?.dropped ?? 0;
    if (f.json) console.log(JSON.stringify({ ...r, lacking: r.lacking.slice(0, 1000), stats: receiver.stats, simulatedLoss: loss, cpuMs: cpuMs() }));
    else console.log(`${r.complete ? 'complete' : `incomplete (${r.reason})`}: ${r.files - r.lacking.length}/${r.files} files, ${(r.bytes / MiB).toFixed(1)} MiB under ${target}${loss ? `; ${loss} datagrams dropped by --simulate-loss` : ''}`);
    if (!r.complete) process.exitCode = INCOMPLETE;
  } finally {
    clearInterval(timer);
    clearTimeout(waiting);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
