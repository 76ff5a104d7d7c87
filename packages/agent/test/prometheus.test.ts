import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { seriesOf } from '@lama/testkit';
import { CredentialVerifier, createPoolKey, issueCredential } from '@lama/lookup';
import { MetricsEndpoint } from '@lama/lookup/prometheus';
import { registerAgentMetrics } from '../src/prometheus.js';
import { Agent, AGENT_VERSION, parseAgentConfig, type MetricsSource, type NodeMetrics } from '../src/index.js';
import { agentHandlers } from '../src/control/agent-service.js';


const SAMPLE: NodeMetrics = {
  at: 1000, intervalMs: 2000, cpuUtilization: 0.25, cpuCount: 2,
  interfaces: [{ name: 'eth0', rxBitsPerSec: 8000, txBitsPerSec: 16000, rxBytes: 123456, txBytes: 654321 }, { name: 'lo', rxBitsPerSec: 0, txBitsPerSec: 0, rxBytes: 10, txBytes: 10 }],
  rxBitsPerSec: 8000, txBitsPerSec: 16000,
  disks: [{ path: '/', totalBytes: 1000, usedBytes: 400, freeBytes: 500 }],
  loadAverage: [0.5, 0.25, 0.125],
  memory: { totalBytes: 4096, availableBytes: 1024, usedBytes: 3072 },
};

describe('agent Prometheus collectors (@lama/agent/prometheus)', () => {
  const pool = createPoolKey();
  const credential = issueCredential(pool, { name: 'node-9', roles: ['agent'] });
  let latest: NodeMetrics | undefined;
  const source: MetricsSource = { start: async () => undefined, stop: async () => undefined, latest: () => latest, sampleNow: async () => SAMPLE };
  const agent = new Agent({
    config: parseAgentConfig({ name: 'node-9', credential: 'unused', prometheus: { listen: '127.0.0.1:9464' } }), credential, configDir: '.', metrics: source,
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });

  it('read the latest node sample at scrape time, in base units (bytes, ratios), labelled by interface and path', async () => {
    const e = new MetricsEndpoint({ listen: '127.0.0.1:0', defaultMetrics: false });
    registerAgentMetrics(e.registry, agent);
    // No sample yet: no labelled series, 0 for the rest.
    const before = await seriesOf(e.registry);
    expect(before.get('lama_agent_network_receive_bytes_total{interface="eth0"}')).to.equal(undefined);
    expect(before.get('lama_agent_cpu_utilization_ratio')).to.equal(0);
    latest = SAMPLE;
    const s = await seriesOf(e.registry);
    expect(s.get(`lama_agent_info{node="node-9",version="${AGENT_VERSION}"}`)).to.equal(1);
    expect(s.get('lama_agent_cpu_utilization_ratio')).to.equal(0.25);
    expect(s.get('lama_agent_cpus')).to.equal(2);
    expect([s.get('lama_agent_load1'), s.get('lama_agent_load5'), s.get('lama_agent_load15')]).to.deep.equal([0.5, 0.25, 0.125]);
    expect(s.get('lama_agent_memory_total_bytes')).to.equal(4096);
    expect(s.get('lama_agent_memory_available_bytes')).to.equal(1024);
    expect(s.get('lama_agent_memory_used_bytes')).to.equal(3072);
    expect(s.get('lama_agent_network_receive_bytes_per_second')).to.equal(1000);
    expect(s.get('lama_agent_network_transmit_bytes_per_second')).to.equal(2000);
    expect(s.get('lama_agent_network_receive_bytes_total{interface="eth0"}')).to.equal(123456);
    expect(s.get('lama_agent_network_transmit_bytes_total{interface="lo"}')).to.equal(10);
    expect(s.get('lama_agent_disk_size_bytes{path="/"}')).to.equal(1000);
    expect(s.get('lama_agent_disk_used_bytes{path="/"}')).to.equal(400);
    expect(s.get('lama_agent_disk_free_bytes{path="/"}')).to.equal(500);
    expect(s.get('lama_agent_status_streams')).to.equal(0);
  });

  it('count control calls by verb and gRPC status, refusals by the auth guard included', async () => {
    const e = new MetricsEndpoint({ listen: '127.0.0.1:0', defaultMetrics: false });
    registerAgentMetrics(e.registry, agent);
    const handlers = agentHandlers(agent, new CredentialVerifier(pool.publicKey), agent.control);
    // A call without a credential: the guard refuses it before the verb runs.
    const call = { metadata: new grpc.Metadata(), request: { adapter: 'x' }, getPath: () => '/lama.agent.v1.Agent/Stop', getPeer: () => 'ipv4:127.0.0.1:1', getAuthContext: () => ({}) };
    const codes: (number | undefined)[] = [];
    for (let i = 0; i < 2; i++) {
      await new Promise<void>((resolve) => handlers.Stop(call as never, (err) => { codes.push(err?.code); resolve(); }));
    }
    expect(codes).to.deep.equal([grpc.status.UNAUTHENTICATED, grpc.status.UNAUTHENTICATED]);
    agent.control.count('Status', 'OK');
    const s = await seriesOf(e.registry);
    expect(s.get('lama_agent_verb_calls_total{code="UNAUTHENTICATED",verb="Stop"}')).to.equal(2);
    expect(s.get('lama_agent_verb_calls_total{code="OK",verb="Status"}')).to.equal(1);
  });

  it('the config key is prometheus.listen, HOST:PORT, and is off when absent', () => {
    expect(parseAgentConfig({ name: 'n', credential: 'c' }).prometheus).to.equal(undefined);
    expect(() => parseAgentConfig({ name: 'n', credential: 'c', prometheus: { listen: 'somewhere' } })).to.throw(/prometheus\.listen: must be HOST:PORT/);
    expect(() => parseAgentConfig({ name: 'n', credential: 'c', prometheus: { port: 9 } })).to.throw(/prometheus: unknown key 'port'/);
  });
});
