// A child of `npm run bench -- grand-scale`: runs many simulated agents in one process. Each is
// the real Agent (its own gRPC server with mutual TLS, Status/WatchStatus, its own lease with the
// lookup service); only L(t) is simulated, so the parent can step a node's load and time it.
// Argument: one JSON document (lookup, names, credDir, leaseMs, intervalMs, served: the names that
// run the held adapter and so serve the bench's service). IPC from the parent:
// { set: NAME, cpu } changes a node's CPU utilisation; it answers { ready: N } once all joined.
import { EventEmitter } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, parseAgentConfig, type AgentLog, type MetricsSource, type NodeMetrics } from '@lama/agent';
import { loadCredential } from '@lama/lookup';

interface Plan { lookup: string; names: string[]; credDir: string; stateDir: string; leaseMs: number; intervalMs: number; served: string[] }
const HELD_ADAPTER = join(dirname(fileURLToPath(import.meta.url)), 'held-adapter.js');
const plan = JSON.parse(process.argv[2]) as Plan;

/** L(t) held in memory: the parent sets the CPU (a new sample, told as the sampler tells it), the rest is constant. */
class SimMetrics extends EventEmitter<{ sample: [NodeMetrics] }> implements MetricsSource {
  private value = 0.1;
  constructor(private readonly intervalMs: number) {
    super();
  }
  set cpu(v: number) {
    this.value = v;
    this.emit('sample', this.latest());
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  latest(): NodeMetrics {
    return {
      at: Date.now(), intervalMs: this.intervalMs, cpuUtilization: this.value, cpuCount: 4, interfaces: [], rxBitsPerSec: 0, txBitsPerSec: 0, disks: [],
      loadAverage: [0, 0, 0], memory: { totalBytes: 8e9, availableBytes: 6e9, usedBytes: 2e9 },
    };
  }
  async sampleNow(): Promise<NodeMetrics> {
    return this.latest();
  }
}

const quiet: AgentLog = { debug: () => undefined, info: () => undefined, warn: (o, m) => process.stderr.write(`${m} ${JSON.stringify(o)}\n`), error: (o, m) => process.stderr.write(`${m} ${JSON.stringify(o)}\n`) };
const metrics = new Map<string, SimMetrics>();
const agents: Agent[] = [];

async function main(): Promise<void> {
  // A few at a time: each join is a TLS handshake and a Register on the one lookup service.
  for (let i = 0; i < plan.names.length; i += 25) {
    await Promise.all(plan.names.slice(i, i + 25).map(async (name) => {
      const credential = join(plan.credDir, `${name}.cred`);
      const config = parseAgentConfig({ name, credential, listen: '127.0.0.1:0', multicast: { enabled: false }, lookups: [plan.lookup], leaseMs: plan.leaseMs, metrics: { intervalMs: plan.intervalMs }, stateDir: join(plan.stateDir, name), logLevel: 'warn',
        adapters: plan.served.includes(name) ? [{ name: 'svc', module: HELD_ADAPTER, autostart: true }] : [] });
      const m = new SimMetrics(plan.intervalMs);
      const agent = new Agent({ config, credential: loadCredential(credential), configDir: process.cwd(), metrics: m, log: quiet });
      metrics.set(name, m);
      agents.push(agent);
      await agent.start();
    }));
  }
  process.send?.({ ready: agents.length });
}

process.on('message', (msg: { set?: string; cpu?: number }) => {
  const m = msg.set ? metrics.get(msg.set) : undefined;
  if (m && typeof msg.cpu === 'number') m.cpu = msg.cpu;
});
// SIGTERM: cancel every lease (clean departures) and exit.
process.once('SIGTERM', () => {
  void Promise.allSettled(agents.map((a) => a.stop())).then(() => process.exit(0));
});
process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
main().catch((err: Error) => {
  process.stderr.write(`sim-agents failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
