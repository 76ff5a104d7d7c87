import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:net';
import { expect } from 'chai';
import { seriesOf } from '@lama/testkit';
import { ConfigurationError, InvalidArgumentError, REJECT_REASONS, Registrar, VirtualClock, WatchSession, type AnnouncerStats, type Owner, type ServiceItem } from '../src/index.js';
import { MetricsEndpoint, registerLookupMetrics, scrapedCounter, scrapedGauge } from '../src/prometheus.js';

interface Reply { status: number; type: string; body: string }

function get(url: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}


const own = (name: string): Owner => ({ name, serial: name });
const item = (name: string): Partial<ServiceItem> => ({ serviceTypes: ['lama.agent.v1.Agent'], attributes: [{ type: 'lama.Name', fields: { name } }] });

describe('Prometheus metrics (@lama/lookup/prometheus)', () => {
  describe('MetricsEndpoint', () => {
    const endpoints: MetricsEndpoint[] = [];
    let blocker: Server | undefined;
    afterEach(async () => {
      for (const e of endpoints.splice(0)) await e.stop();
      await new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r()));
      blocker = undefined;
    });

    it('serves GET /metrics in the text format with process metrics; 404 elsewhere, 405 for other methods', async () => {
      const e = new MetricsEndpoint({ listen: '127.0.0.1:0' });
      endpoints.push(e);
      scrapedGauge(e.registry, { name: 'lama_test_things', help: 'Things.' }, () => 7);
      await e.start();
      expect(e.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const r = await get(e.url);
      expect(r.status).to.equal(200);
      expect(r.type).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(r.body).to.match(/^# HELP lama_test_things Things\.\n# TYPE lama_test_things gauge\nlama_test_things 7$/m);
      expect(r.body).to.match(/^process_cpu_seconds_total \d/m);
      expect(r.body).to.match(/^process_resident_memory_bytes \d/m);
      expect((await get(`${e.url}?x=1`)).status).to.equal(200);
      const head = await get(e.url, 'HEAD');
      expect([head.status, head.body]).to.deep.equal([200, '']);
      expect((await get(e.url.replace('/metrics', '/'))).status).to.equal(404);
      expect((await get(e.url.replace('/metrics', '/metrics/x'))).status).to.equal(404);
      expect((await get(e.url, 'POST')).status).to.equal(405);
    });

    it('stop() closes kept-alive connections and frees the port; start and stop are idempotent', async () => {
      const e = new MetricsEndpoint({ listen: '127.0.0.1:0', defaultMetrics: false });
      await e.start();
      await e.start();
      const port = Number(e.endpoint.split(':')[1]);
      // A keep-alive connection like Prometheus's between scrapes.
      const { Agent } = await import('node:http');
      const keep = new Agent({ keepAlive: true });
      await new Promise<void>((resolve, reject) => httpRequest(e.url, { agent: keep }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject).end());
      await e.stop();
      await e.stop();
      keep.destroy();
      // The port is free again: a new listener binds it.
      blocker = createServer();
      await new Promise<void>((resolve, reject) => blocker!.once('error', reject).listen(port, '127.0.0.1', resolve));
    });

    it('refuses a bad address, or one it cannot bind, with an error naming the setting', async () => {
      expect(() => new MetricsEndpoint({ listen: 'nowhere', setting: '--prometheus' })).to.throw(InvalidArgumentError, "--prometheus: 'nowhere' is not HOST:PORT");
      expect(() => new MetricsEndpoint({ listen: '127.0.0.1:70000', setting: '--prometheus' })).to.throw(InvalidArgumentError, /--prometheus/);
      blocker = createServer();
      await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
      const port = (blocker.address() as { port: number }).port;
      const e = new MetricsEndpoint({ listen: `127.0.0.1:${port}`, setting: 'prometheus.listen', defaultMetrics: false });
      endpoints.push(e);
      let err: unknown;
      await e.start().catch((x: unknown) => { err = x; });
      expect(err).to.be.instanceOf(ConfigurationError);
      expect((err as Error).message).to.equal(`prometheus.listen 127.0.0.1:${port}: cannot serve Prometheus metrics there (EADDRINUSE)`);
    });
  });

  describe('scraped gauges and counters', () => {
    it('read the component at each scrape; label sets it no longer returns disappear; undefined is no series (0 without labels)', async () => {
      const e = new MetricsEndpoint({ listen: '127.0.0.1:0', defaultMetrics: false });
      let sets: [string, number][] = [['a', 1], ['b', 2]];
      let total: number | undefined;
      scrapedGauge(e.registry, { name: 'lama_test_level', help: 'Level.', labelNames: ['k'] }, () => sets.map(([k, v]) => [{ k }, v] as const));
      scrapedCounter(e.registry, { name: 'lama_test_done_total', help: 'Done.' }, () => total);
      expect(Object.fromEntries(await seriesOf(e.registry))).to.deep.equal({ 'lama_test_level{k="a"}': 1, 'lama_test_level{k="b"}': 2, lama_test_done_total: 0 });
      sets = [['b', 5]];
      total = 12;
      expect(Object.fromEntries(await seriesOf(e.registry))).to.deep.equal({ 'lama_test_level{k="b"}': 5, lama_test_done_total: 12 });
    });
  });

  describe('lookup service collectors', () => {
    it('count registrations, renewals, lease ends by reason, watch sessions and discovery refusals by reason', async () => {
      const clock = new VirtualClock(0);
      const registrar = new Registrar({ clock, maxLeaseMs: 10_000 });
      const zero = Object.fromEntries([...REJECT_REASONS, 'queries', 'answered', 'announced', 'ignoredResponses'].map((k) => [k, 0])) as AnnouncerStats;
      const stats: AnnouncerStats = { ...zero, queries: 4, answered: 3, announced: 2, signature: 1, replay: 2 };
      const e = new MetricsEndpoint({ listen: '127.0.0.1:0', defaultMetrics: false });
      let source: { registrar: Registrar; discoveryStats: AnnouncerStats } | undefined;
      registerLookupMetrics(e.registry, () => source);
      // Before the lookup service exists: nothing counted, no refusal series.
      const before = await seriesOf(e.registry);
      expect([...before.values()].every((v) => v === 0)).to.equal(true);
      expect([...before.keys()].filter((k) => k.includes('{'))).to.deep.equal([]);
      source = { registrar, discoveryStats: stats };

      const a = registrar.register(own('a'), item('a'), 1000);
      const b = registrar.register(own('b'), item('b'), 5000);
      registrar.register(own('c'), item('c'), 5000);
      for (let i = 0; i < 3; i++) registrar.renew(own('b'), b.lease.leaseId, 5000);
      const watch = new WatchSession(registrar, { write: () => true }, { template: {} });
      watch.start();
      const second = new WatchSession(registrar, { write: () => true }, { template: {} });
      second.start();
      second.close();
      second.close();
      clock.advance(1000);
      registrar.cancel(own('b'), b.lease.leaseId);
      expect(registrar.get(a.serviceId)).to.equal(undefined);

      const s = await seriesOf(e.registry);
      expect(s.get('lama_lookup_items')).to.equal(1);
      expect(s.get('lama_lookup_registrations_total')).to.equal(3);
      expect(s.get('lama_lookup_renewals_total')).to.equal(3);
      expect(s.get('lama_lookup_lease_ends_total{reason="expired"}')).to.equal(1);
      expect(s.get('lama_lookup_lease_ends_total{reason="cancelled"}')).to.equal(1);
      expect(s.get('lama_lookup_changes_total')).to.equal(registrar.revision);
      expect(s.get('lama_lookup_lease_max_seconds')).to.equal(10);
      expect(s.get('lama_lookup_watch_sessions')).to.equal(1);
      expect(s.get('lama_lookup_discovery_queries_total')).to.equal(4);
      expect(s.get('lama_lookup_discovery_answers_total')).to.equal(3);
      expect(s.get('lama_lookup_discovery_announcements_total')).to.equal(2);
      expect(s.get('lama_lookup_discovery_rejections_total{reason="signature"}')).to.equal(1);
      expect(s.get('lama_lookup_discovery_rejections_total{reason="replay"}')).to.equal(2);
      // Every reason is a series from the start (0 until it happens); no label carries an ID.
      expect([...s.keys()].filter((k) => k.startsWith('lama_lookup_discovery_rejections_total'))).to.have.length(9);
      expect(s.get('lama_lookup_discovery_rejections_total{reason="malformed"}')).to.equal(0);
      for (const key of s.keys()) expect(key).not.to.include(a.serviceId).and.not.to.include(a.lease.leaseId);
      watch.close();
      expect((await seriesOf(e.registry)).get('lama_lookup_watch_sessions')).to.equal(0);
    });
  });
});
