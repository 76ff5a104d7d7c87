import { existsSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LamaProcess } from '@lama/testkit/process';
import { repoRoot } from '../lib/paths.js';
import { progress } from '../lib/progress.js';
import { round } from '../lib/stats.js';
import type { AgentBenchConfig } from './config.js';
import { startAgent, type BenchPool } from './daemons.js';
import { sleep } from '@lama/testkit';
import { memSample, smapsRollup, type MemSample } from './sampling.js';

const MB = 2 ** 20;
const mb = (bytes: number): number => round(bytes / MB, 1);

/** Resident memory of a process by what backs it, from /proc/<pid>/smaps, MB. */
export function smapsBreakdown(pid: number): Record<string, number> {
  const exe = readlinkSync(`/proc/${pid}/exe`);
  const out: Record<string, number> = {};
  let category = 'other';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\d+\s*(.*)$/.exec(line);
    if (header) {
      const path = header[1].trim();
      if (path === exe) category = 'node executable (file-backed)';
      else if (path === '') category = 'anonymous (V8 heap and code, malloc arenas, thread stacks, buffers)';
      else if (path === '[heap]') category = '[heap] (brk malloc)';
      else if (path.startsWith('[stack')) category = '[stack]';
      else if (/\.so(\.|$)/.test(path)) category = 'shared libraries (file-backed)';
      else if (path.startsWith('[')) category = 'other kernel mappings';
      else category = 'other files';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[category] = (out[category] ?? 0) + Number(rss[1]);
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v / 1024, 1)]));
}

interface ProbeStats {
  gcExposed: boolean;
  before: NodeJS.MemoryUsage;
  afterGc: NodeJS.MemoryUsage;
  heapSpaces: { space: string; usedBytes: number; committedBytes: number; physicalBytes: number }[];
  heap: Record<string, number>;
  code: Record<string, number>;
}

/** Self sizes in a V8 heap snapshot, by node type and by the largest constructor names. */
function summarizeSnapshot(path: string): Record<string, unknown> {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const stride = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const byType = new Map<string, { count: number; bytes: number }>();
  const byName = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  const add = (m: Map<string, { count: number; bytes: number }>, k: string, bytes: number): void => {
    const e = m.get(k) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += bytes;
    m.set(k, e);
  };
  // protobufjs reflection classes: the parsed .proto files that grpc-js proto-loader keeps.
  const protobufjs = new Set(['Root', 'Namespace', 'Type', 'Field', 'MapField', 'OneOf', 'Enum', 'Service', 'Method']);
  let protobufjsBytes = 0;
  let protobufjsCount = 0;
  for (let i = 0; i < snap.nodes.length; i += stride) {
    const type = types[snap.nodes[i + iType]];
    const bytes = snap.nodes[i + iSize];
    total += bytes;
    add(byType, type, bytes);
    if (type === 'object' || type === 'closure' || type === 'array') {
      const name = snap.strings[snap.nodes[i + iName]];
      add(byName, `${type}: ${name.slice(0, 60)}`, bytes);
      if (type === 'object' && protobufjs.has(name)) {
        protobufjsBytes += bytes;
        protobufjsCount++;
      }
    }
  }
  const table = (m: Map<string, { count: number; bytes: number }>, top: number): Record<string, { count: number; selfMb: number }> =>
    Object.fromEntries([...m.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top).map(([k, v]) => [k, { count: v.count, selfMb: mb(v.bytes) }]));
  return {
    snapshotFileMb: mb(statSync(path).size),
    nodes: snap.nodes.length / stride,
    totalSelfMb: mb(total),
    byType: table(byType, 20),
    largestConstructors: table(byName, 15),
    protobufjsReflectionObjects: { count: protobufjsCount, selfMb: mb(protobufjsBytes), note: "objects named Root/Namespace/Type/Field/MapField/OneOf/Enum/Service/Method (self size only; their strings, arrays and closures are counted elsewhere)" },
  };
}

async function waitForFile(path: string, agentAlive: () => void, timeoutMs: number): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  while (!existsSync(path)) {
    if (performance.now() > deadline) throw new Error(`the heap probe wrote no ${path} within ${timeoutMs} ms`);
    agentAlive();
    await sleep(200);
  }
  return readFileSync(path, 'utf8');
}

/** One extra bare agent with --expose-gc and the heap probe: V8's view of the idle agent's memory. */
async function instrumentedAgent(pool: BenchPool, lookup: string, cfg: AgentBenchConfig): Promise<Record<string, unknown>> {
  const out = join(pool.dir, 'heap-probe');
  const probe = pathToFileURL(fileURLToPath(new URL('./heap-probe.js', import.meta.url))).href;
  const agent = await startAgent({
    name: 'bench-agent-probe', pool, lookup, leaseMs: cfg.leaseMs, metricsIntervalMs: cfg.metricsIntervalMs,
    nodeArgs: ['--expose-gc', '--import', probe], env: { ...process.env, LAMA_BENCH_HEAP_PROBE: out },
  });
  const alive = (): void => agent.proc.daemon.assertAlive();
  try {
    // The same settling time as the idle windows, so it holds the same state.
    await sleep(cfg.idleSettleMs);
    const procBeforeGc = { ...memSample(agent.proc.pid), ...smapsRollup(agent.proc.pid) };
    process.kill(agent.proc.pid, 'SIGUSR2');
    const p = JSON.parse(await waitForFile(`${out}.stats`, alive, 30_000)) as ProbeStats;
    // Freed pages go back to the OS shortly after a GC, not during it.
    await sleep(3000);
    const procAfterGc = { ...memSample(agent.proc.pid), ...smapsRollup(agent.proc.pid) };
    const smapsAfterGc = smapsBreakdown(agent.proc.pid);
    process.kill(agent.proc.pid, 'SIGUSR2');
    const snapPath = (JSON.parse(await waitForFile(`${out}.snapshot`, alive, 120_000)) as { path: string }).path;
    const snapshot = summarizeSnapshot(snapPath);
    rmSync(snapPath, { force: true });
    const usage = (u: NodeJS.MemoryUsage): Record<string, number> => ({ rssMb: mb(u.rss), heapTotalMb: mb(u.heapTotal), heapUsedMb: mb(u.heapUsed), externalMb: mb(u.external), arrayBuffersMb: mb(u.arrayBuffers) });
    return {
      command: agent.command,
      method: `a separate bare agent started with --expose-gc --import heap-probe.js; ${cfg.idleSettleMs} ms after 'registered' a SIGUSR2 makes it record process.memoryUsage(), run two full gc(), record process.memoryUsage() and V8 heap space / code statistics; /proc read before the signal and 3 s after; a second SIGUSR2 writes a heap snapshot, summarized here by self size (the snapshot costs memory, so nothing is read from /proc after it)`,
      procBeforeGc,
      procAfterGc,
      memoryUsageBeforeGc: usage(p.before),
      memoryUsageAfterGc: usage(p.afterGc),
      heapSpacesAfterGcMb: Object.fromEntries(p.heapSpaces.map((s) => [s.space, { usedMb: mb(s.usedBytes), committedMb: mb(s.committedBytes), residentMb: mb(s.physicalBytes) }])),
      codeStatsMb: { bytecodeAndMetadata: mb(p.code.bytecode_and_metadata_size ?? 0), compiledCode: mb(p.code.code_and_metadata_size ?? 0), externalScriptSource: mb(p.code.external_script_source_size ?? 0) },
      smapsAfterGcMb: smapsAfterGc,
      heapSnapshot: snapshot,
    };
  } finally {
    await agent.proc.stop();
  }
}

const PROTO = (name: string): string => JSON.stringify(join(repoRoot, 'proto', `${name}.proto`));
const LOAD_PROTOS = `{ const pl = await import('@grpc/proto-loader'); const g = await import('@grpc/grpc-js');
  const o = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };
  globalThis.keep = [g.loadPackageDefinition(pl.loadSync(${PROTO('agent')}, o)), g.loadPackageDefinition(pl.loadSync(${PROTO('lookup')}, o))]; }`;
// What `lama agent` loads: the command's definition and its action (the CLI loads subcommands lazily).
const CLI = JSON.stringify(pathToFileURL(join(repoRoot, 'packages/cli/dist/src/cli/agent-action.js')).href);

/** Cumulative import steps, each in a fresh `node --expose-gc --input-type=module -e` process. */
const LADDER: [string, string][] = [
  ['node itself (empty event loop)', ''],
  ['+ @grpc/grpc-js', "await import('@grpc/grpc-js');"],
  ['+ @grpc/proto-loader (protobufjs)', "await import('@grpc/grpc-js'); await import('@grpc/proto-loader');"],
  ['+ agent.proto and lookup.proto parsed and loaded as gRPC services', LOAD_PROTOS],
  ['+ @lama/lookup (rxjs, zod, tweetnacl, multicast-dns, dns-packet, @grpc/reflection, grpc-health-check)', `${LOAD_PROTOS} await import('@lama/lookup');`],
  ['+ @lama/adapters and @lama/agent', `${LOAD_PROTOS} await import('@lama/lookup'); await import('@lama/adapters'); await import('@lama/agent');`],
  ['+ the lama CLI (commander, pino, yaml): every module `lama agent` loads', `${LOAD_PROTOS} await import('@lama/lookup'); await import('@lama/adapters'); await import('@lama/agent'); await import(${CLI});`],
];

/** Packages the agent imports, each measured alone on top of node + grpc-js + proto-loader. */
const BASE = "await import('@grpc/grpc-js'); await import('@grpc/proto-loader');";
const PACKAGES: [string, string][] = [
  ['rxjs', "await import('rxjs');"],
  ['zod', "await import('zod');"],
  ['tweetnacl', "await import('tweetnacl');"],
  ['multicast-dns + dns-packet', "await import('multicast-dns'); await import('dns-packet');"],
  ['@grpc/reflection', "await import('@grpc/reflection');"],
  ['grpc-health-check', "await import('grpc-health-check');"],
  ['yaml', "await import('yaml');"],
  ['pino', "await import('pino');"],
  ['commander', "await import('commander');"],
];

interface StepMemory {
  unforced: MemSample;
  afterGc: MemSample;
  /** process.memoryUsage() in the child after the two gc() calls, MB. */
  heapUsedAfterGcMb: number;
  heapTotalAfterGcMb: number;
  externalAfterGcMb: number;
}

async function ladderStep(code: string): Promise<StepMemory> {
  const script = `${code}
setInterval(() => {}, 60000);
await new Promise((r) => setTimeout(r, 1500));
process.stdout.write('unforced\\n');
process.stdin.once('data', () => {
  globalThis.gc();
  globalThis.gc();
  const u = process.memoryUsage();
  setTimeout(() => process.stdout.write('gc ' + JSON.stringify(u) + '\\n'), 1500);
});
process.stdin.resume();`;
  const d = LamaProcess.spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { name: 'import ladder step', cwd: repoRoot, stdin: true });
  const child = d.child;
  try {
    const lines = createInterface({ input: child.stdout! });
    const next = (want: string): Promise<string> => new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`import step: no '${want}' within 30 s; stderr: ${d.stderr.slice(-500)}`)), 30_000);
      child.once('exit', () => reject(new Error(`import step exited: ${d.stderr.slice(-500)}`)));
      lines.on('line', (l) => { if (l.startsWith(want)) { clearTimeout(t); resolve(l.slice(want.length).trim()); } });
    });
    await next('unforced');
    const unforced = memSample(child.pid!);
    const gcReady = next('gc');
    child.stdin!.write('go\n');
    const u = JSON.parse(await gcReady) as NodeJS.MemoryUsage;
    return { unforced, afterGc: memSample(child.pid!), heapUsedAfterGcMb: mb(u.heapUsed), heapTotalAfterGcMb: mb(u.heapTotal), externalAfterGcMb: mb(u.external) };
  } finally {
    await d.stop('SIGTERM', 2000);
  }
}

/** What the idle agent's memory is: where its RSS lives, what V8 holds, and what merely loading its modules costs. */
export async function memoryBreakdown(idleAgentPid: number, pool: BenchPool, lookup: string, cfg: AgentBenchConfig): Promise<Record<string, unknown>> {
  const idleSmaps = smapsBreakdown(idleAgentPid);
  progress('memory: import ladder (fresh node per step)');
  const ladder: Record<string, unknown>[] = [];
  for (const [step, code] of LADDER) {
    const r = await ladderStep(code);
    ladder.push({
      step, rssMb: r.unforced.rssMb, rssAnonMb: r.unforced.rssAnonMb, rssFileMb: r.unforced.rssFileMb,
      rssAfterGcMb: r.afterGc.rssMb, heapUsedAfterGcMb: r.heapUsedAfterGcMb, heapTotalAfterGcMb: r.heapTotalAfterGcMb, externalAfterGcMb: r.externalAfterGcMb,
    });
    progress(`memory: ${step}: RSS ${r.unforced.rssMb} MB (after gc ${r.afterGc.rssMb} MB, JS heap used ${r.heapUsedAfterGcMb} MB)`);
  }
  progress('memory: single packages on top of node + grpc-js + proto-loader');
  const base = await ladderStep(BASE);
  const packages: Record<string, { rssMb: number; heapUsedMb: number }> = {};
  for (const [name, code] of PACKAGES) {
    const r = await ladderStep(`${BASE} ${code}`);
    packages[name] = { rssMb: round(r.afterGc.rssMb - base.afterGc.rssMb, 1), heapUsedMb: round(r.heapUsedAfterGcMb - base.heapUsedAfterGcMb, 1) };
  }
  progress(`memory: package deltas ${JSON.stringify(packages)}`);
  progress('memory: instrumented agent (heap statistics and snapshot)');
  const instrumented = await instrumentedAgent(pool, lookup, cfg);
  return {
    idleAgentSmapsMb: idleSmaps,
    importLadder: {
      method: 'each step a fresh `node --expose-gc --input-type=module -e` importing cumulatively (no servers, no sockets); rssMb 1.5 s after the imports with no forced GC, rssAfterGcMb 1.5 s after two gc() calls, heapUsedAfterGcMb / heapTotalAfterGcMb / externalAfterGcMb from process.memoryUsage() right after them',
      steps: ladder,
    },
    packageDeltasMb: {
      method: 'a fresh node importing @grpc/grpc-js, @grpc/proto-loader and the package, minus the same without it, both after two gc(): rssMb (RSS; includes V8 heap growth steps and new-space pages the imports touched, so one run is noisy by +-2 MB) and heapUsedMb (live JS heap: what the package itself retains)',
      base: { rssAfterGcMb: base.afterGc.rssMb, heapUsedAfterGcMb: base.heapUsedAfterGcMb },
      ...packages,
    },
    instrumentedAgent: instrumented,
  };
}
