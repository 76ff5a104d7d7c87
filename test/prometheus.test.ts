import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { AgentClient } from '@lama/agent';
import { loadCredential } from '@lama/lookup';
import { freePort, until } from '@lama/testkit';
import { LamaProcess, ROOT, lamaSync, startLama } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.116', '--mdns-port', '16116'];
const PROMETHEUS = '/usr/bin/prometheus';
const FIXTURE = join(ROOT, 'test', 'fixtures', 'load-adapter.mjs');
// A dry run: the grand agent decides every period but changes nothing.
const SERVICE = {
  name: 'stream', role: 'load-server', metric: 'svc.load', adapter: 'svc', capacityPerNode: 100, minNodes: 1, maxNodes: 1,
  periodMs: 500, predictor: { kind: 'threshold' }, dryRun: true,
};

interface QueryResult { metric: Record<string, string>; value: [number, string] }

/**
 * Debian's Prometheus server, started here with its own config and data directory on a free
 * loopback port, scrapes a real `lama lookup`, `lama agent` and `lama grand` (each serving
 * /metrics on loopback: two by --prometheus, the agent by its config's prometheus.listen),
 * and its query API answers with a series from each.
 */
describe('Prometheus scrapes every daemon (system: Debian prometheus, lama lookup, agent and grand on loopback)', function () {
  this.timeout(90_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  let api = '';
  let lookupPort = 0;
  const creds: Record<string, string> = {};
  const results: string[] = [];

  const query = async (promql: string): Promise<QueryResult[]> => {
    const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as { status: string; error?: string; data: { result: QueryResult[] } };
    if (body.status !== 'success') throw new Error(`query ${promql}: ${body.error ?? res.status}`);
    return body.data.result;
  };
  // Polls until the query returns a series (Prometheus scrapes every second); bounded.
  const seriesOf = async (promql: string, timeoutMs = 30_000): Promise<QueryResult[]> => {
    let found: QueryResult[] = [];
    await until(`Prometheus to return a series for ${promql}`, async () => (found = await query(promql)).length > 0, timeoutMs, 250);
    const labels = (m: Record<string, string>) => Object.entries(m).filter(([k]) => !['__name__', 'instance'].includes(k)).map(([k, v]) => `${k}="${v}"`).join(',');
    results.push(`${promql} => ${found.map((r) => `{${labels(r.metric)}} ${r.value[1]}`).join('; ')}`);
    return found;
  };

  before(async () => {
    if (!existsSync(PROMETHEUS)) throw new Error(`${PROMETHEUS} is missing: scripts/test.sh installs Debian's prometheus package`);
    let agentPort: number, grandPort: number, promPort: number;
    [lookupPort, agentPort, grandPort, promPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    creds.lookup = pool.issue('lus', 'lookup');
    creds.grand = pool.issue('grand', 'lookup,controller');
    creds.agent = pool.issue('node-1', 'agent');
    const lookup = startLama(['lookup', '--credential', creds.lookup, '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000',
      '--prometheus', `127.0.0.1:${lookupPort}`, ...MDNS]);
    const grand = startLama(['grand', '--credential', creds.grand, '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000',
      '--monitor-interval-ms', '500', '--service', JSON.stringify(SERVICE), '--prometheus', `127.0.0.1:${grandPort}`, ...MDNS]);
    const agentConfig = join(pool.dir, 'node-1.yaml');
    writeFileSync(agentConfig, [
      'name: node-1', `credential: ${creds.agent}`, 'listen: 127.0.0.1:0', 'leaseMs: 2000', 'metrics: { intervalMs: 500 }',
      `prometheus: { listen: "127.0.0.1:${agentPort}" }`,
      `adapters: [{ name: svc, module: ${JSON.stringify(FIXTURE)}, autostart: true, options: { roles: [load-server] } }]`, '',
    ].join('\n'));
    const agent = startLama(['agent', '--config', agentConfig, ...MDNS]);
    procs.push(lookup, grand, agent);

    const dir = join(pool.dir, 'prometheus');
    mkdirSync(dir);
    const job = (name: string, port: number) => [`  - job_name: ${name}`, '    static_configs:', `      - targets: ["127.0.0.1:${port}"]`];
    writeFileSync(join(dir, 'prometheus.yml'), [
      'global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:',
      ...job('lama-lookup', lookupPort), ...job('lama-agent', agentPort), ...job('lama-grand', grandPort), '',
    ].join('\n'));
    const prometheus = LamaProcess.spawn(PROMETHEUS, [
      `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`,
    ], { name: 'prometheus', cwd: dir, logFile: join(dir, 'prometheus.log') });
    procs.push(prometheus);
    api = `http://127.0.0.1:${promPort}`;

    await agent.waitForLog((l) => l.msg === 'registered', 30_000);
    await until('Prometheus to be ready', async () => {
      prometheus.assertAlive();
      return (await fetch(`${api}/-/ready`).catch(() => undefined))?.ok === true;
    }, 30_000, 250);
  });

  after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 5000)));
    pool.remove();
    // The closing note of the issue asks for the query results: one line each.
    if (results.length) console.log(`      Prometheus query results:\n${results.map((r) => `        ${r}`).join('\n')}`);
  });

  it('scrapes all three targets: up == 1 for lama-lookup, lama-agent and lama-grand', async () => {
    for (const job of ['lama-lookup', 'lama-agent', 'lama-grand']) {
      const [r] = await seriesOf(`up{job="${job}"} == 1`);
      expect(r.value[1]).to.equal('1');
    }
  });

  it('lama lookup: items (the agent and the grand agent), renewals, discovery rejections by reason, process metrics', async () => {
    await seriesOf('lama_lookup_items{job="lama-lookup"} >= 2');
    await seriesOf('lama_lookup_renewals_total{job="lama-lookup"} > 0');
    expect(await seriesOf('lama_lookup_discovery_rejections_total{job="lama-lookup"}')).to.have.length(9);
    await seriesOf('process_resident_memory_bytes{job="lama-lookup"} > 0');
  });

  it('lama agent: node metrics, adapter state, verb calls by code (OK, NOT_FOUND, PERMISSION_DENIED) and the grand agent\'s status stream', async () => {
    const controller = loadCredential(pool.issue('console', 'controller'));
    const monitor = loadCredential(pool.issue('watcher', 'monitor'));
    const endpoint = String((await procs[2].waitForLog((l) => l.msg === 'agent running')).endpoint);
    const asController = new AgentClient(endpoint, controller, 5000);
    const asMonitor = new AgentClient(endpoint, monitor, 5000);
    try {
      await asController.status();
      await asController.start('nope').then(() => expect.fail('an unknown adapter started'), () => undefined);
      await asMonitor.stop('svc').then(() => expect.fail('a monitor stopped an adapter'), () => undefined);
    } finally {
      asController.close();
      asMonitor.close();
    }
    await seriesOf('lama_agent_info{job="lama-agent",node="node-1"}');
    await seriesOf('lama_agent_cpu_utilization_ratio{job="lama-agent"} >= 0');
    await seriesOf('lama_agent_network_receive_bytes_total{job="lama-agent",interface="lo"} > 0');
    await seriesOf('lama_agent_adapter_state{job="lama-agent",adapter="svc",state="RUNNING"} == 1');
    await seriesOf('lama_agent_verb_calls_total{job="lama-agent",verb="Status",code="OK"} >= 1');
    await seriesOf('lama_agent_verb_calls_total{job="lama-agent",verb="Start",code="NOT_FOUND"} == 1');
    await seriesOf('lama_agent_verb_calls_total{job="lama-agent",verb="Stop",code="PERMISSION_DENIED"} == 1');
    await seriesOf('lama_agent_status_streams{job="lama-agent"} >= 1');
  });

  it('a bad address is refused with an error naming the flag or key, before the daemon starts', () => {
    // None of these gets as far as joining the pool, so they may reuse the running daemons' credentials.
    const bad = lamaSync(['lookup', '--credential', creds.lookup, '--listen', '127.0.0.1:0', '--prometheus', 'nowhere', ...MDNS]);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.include("option '--prometheus <host:port>' argument 'nowhere' is invalid");
    const config = join(pool.dir, 'bad.yaml');
    writeFileSync(config, `name: node-2\ncredential: ${creds.agent}\nprometheus: { listen: "somewhere" }\n`);
    const badKey = lamaSync(['agent', '--config', config, ...MDNS]);
    expect(badKey.status).to.equal(1);
    expect(badKey.stderr).to.include('prometheus.listen: must be HOST:PORT');
    // The lookup service's metrics port is taken.
    const busy = lamaSync(['grand', '--credential', creds.grand, '--listen', '127.0.0.1:0', '--prometheus', `127.0.0.1:${lookupPort}`, ...MDNS]);
    expect(busy.status).to.equal(1);
    expect(busy.stderr).to.include(`lama: --prometheus / prometheus.listen 127.0.0.1:${lookupPort}: cannot serve Prometheus metrics there (EADDRINUSE)`);
    expect(busy.stdout).not.to.include('grand agent running');
  });

  it('lama grand: per service N and load, decisions by kind, alerts by kind, its embedded lookup service', async () => {
    await seriesOf('lama_grand_nodes{job="lama-grand"} == 1');
    await seriesOf('lama_grand_service_info{job="lama-grand",service="stream",metric="svc.load"}');
    await seriesOf('lama_grand_service_nodes{job="lama-grand",service="stream"}');
    await seriesOf('lama_grand_service_load{job="lama-grand",service="stream"}');
    await seriesOf('lama_grand_decisions_total{job="lama-grand",service="stream",kind="hold"} > 0');
    // One series per kind: lease-expired, partition, partition-cleared, deployment-failed.
    expect(await seriesOf('lama_grand_alerts_total{job="lama-grand"}')).to.have.length(4);
    await seriesOf('lama_grand_deployments_running{job="lama-grand"} == 0');
    await seriesOf('lama_lookup_items{job="lama-grand"} >= 1');
  });
});
