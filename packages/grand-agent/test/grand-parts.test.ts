import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { readConfigFile, type RemoteNodeStatus } from '@lama/agent';
import { ALLOCATOR_DEFAULTS, decide, metricValue, metricValues, NodeSeries, parseGrandConfig, type AllocatorConfig, type PoolNode } from '../src/index.js';

const config: AllocatorConfig = { ...ALLOCATOR_DEFAULTS, role: 'streaming-server', metric: 'stream.listeners', maxNodes: 3 };
const node = (name: string, serving: boolean, load = 0): PoolNode => ({ name, serving, load, idle: !serving, roles: ['streaming-server'] });

describe('grand agent parts', () => {
  describe('replacing a failed serving node (decide)', () => {
    it('adds an idle node in its place at once, past the add cooldown, though the load does not ask for it', () => {
      const d = decide({ now: 1000, nodes: [node('a', true, 10), node('b', false)], config, replacing: 'x', lastAddAt: 900 });
      expect(d).to.deep.include({ action: 'add', node: 'b', reason: 'replaces failed node x' });
    });
    it('but not past maxNodes, nor during a hold', () => {
      const full = decide({ now: 0, nodes: [node('a', true), node('b', true), node('c', true), node('d', false)], config, replacing: 'x' });
      expect(full.action).to.equal('hold');
      expect(full.reason).to.match(/maxNodes/);
      const held = decide({ now: 0, nodes: [node('a', true), node('b', false)], config, replacing: 'x', holdReason: 'partition: 3 nodes' });
      expect(held).to.deep.include({ action: 'hold', reason: 'hold: partition: 3 nodes' });
    });
  });

  describe('node series and metrics', () => {
    it('keeps only the last N samples, oldest first', () => {
      const s = new NodeSeries(3);
      for (let i = 1; i <= 5; i++) s.push({ at: i, values: { cpu: i } });
      expect(s.samples().map((x) => x.at)).to.deep.equal([3, 4, 5]);
      expect(s.latest?.at).to.equal(5);
      expect(s.size).to.equal(3);
      expect(() => new NodeSeries(0)).to.throw(RangeError);
    });
    it('names node metrics and ADAPTER.METRIC; a stopped adapter carries 0, an unknown node metric is NaN', () => {
      const status = {
        cpuUtilization: 0.25, rxBitsPerSec: 2e6, txBitsPerSec: 132e6,
        adapters: [{ name: 'stream', state: 'RUNNING', metrics: { listeners: 42 } }, { name: 'idle', state: 'STOPPED', metrics: {} }],
      } as unknown as RemoteNodeStatus;
      expect(metricValues(status)).to.deep.equal({ cpu: 25, rxMbps: 2, txMbps: 132, 'stream.listeners': 42 });
      expect(metricValue(status, 'stream.listeners')).to.equal(42);
      expect(metricValue(status, 'idle.listeners')).to.equal(0);
      expect(metricValue(status, 'txMbps')).to.equal(132);
      expect(metricValue(status, 'diskMbps')).to.be.NaN;
    });
  });

  describe('grand config', () => {
    const base = { credential: 'grand.cred' };
    const service = { name: 'radio', role: 'streaming-server', metric: 'stream.listeners', adapter: 'stream' };
    it('fills defaults: embedded lookup, 2 s monitor, Holt, the paper\'s thresholds', () => {
      const c = parseGrandConfig({ ...base, services: [service] });
      expect(c).to.deep.include({ listen: '0.0.0.0:4160', embeddedLookup: true });
      expect(c.name).to.equal(undefined);
      expect(c.monitor).to.deep.equal({ intervalMs: 2000, minIntervalMs: 250, historySamples: 300 });
      expect(c.services[0].predictor).to.deep.equal({ kind: 'holt' });
      expect(c.services[0].allocator).to.deep.include({ role: 'streaming-server', metric: 'stream.listeners', upper: 0.9, lower: 0.8, periodMs: 2000 });
    });
    it('examples/grand.yaml is a valid config', async () => {
      const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'examples', 'grand.yaml');
      const c = parseGrandConfig(await readConfigFile(file), file);
      expect(c.services[0]).to.deep.include({ name: 'radio', adapter: 'stream' });
      expect(c.services[0].dispatcher).to.deep.equal({ node: 'dispatcher', adapter: 'dispatch', param: 'members', drainMs: 2000 });
      expect(c.deploy).to.deep.include({ storeUrl: 'http://127.0.0.1:8088/', cacheGroup: '239.255.76.78:15354', timeoutMs: 600_000, releaseKeepsCache: true });
    });
    it('names the bad key and the problem', () => {
      const bad: [unknown, RegExp][] = [
        [{ ...base, colour: 'red' }, /unknown key 'colour'/],
        [{ credential: '' }, /credential: path of a credential/],
        [{ ...base, monitor: { intervalMs: 10 } }, /monitor\.intervalMs: Too small/i],
        [{ ...base, alerts: { webhooks: ['ftp://x'] } }, /alerts\.webhooks\[0\]/],
        [{ ...base, services: [{ ...service, metric: 'load of the moon' }] }, /services\[0\]\.metric: metric 'load of the moon' is neither/],
        [{ ...base, services: [{ ...service, predictor: { kind: 'crystal-ball' } }] }, /services\[0\]\.predictor\.kind: must be one of threshold, ar1, ar1-diff, holt/],
        [{ ...base, services: [{ ...service, upper: 2 }] }, /services\[0\]\.upper: must be in \(0, 1\]/],
        [{ ...base, services: [{ ...service, tempo: 1 }] }, /services\[0\]\.tempo: unknown key/],
        [{ ...base, services: [service, service] }, /services\[1\]\.name: the name 'radio' is used twice/],
        [{ ...base, services: [{ ...service, dispatcher: { adapter: 'lb' } }] }, /services\[0\]\.dispatcher\.node/],
        [{ ...base, services: [{ ...service, site: 'Shop@1' }] }, /services\[0\]\.site: site name 'Shop' must be/],
        [{ ...base, services: [{ ...service, site: 'shop@x' }] }, /services\[0\]\.site: version 'x' of 'shop@x' must be a positive integer/],
        [{ ...base, deploy: { cacheGroup: '10.0.0.1:5000' } }, /deploy\.cacheGroup: must be a multicast group/],
        [{ ...base, deploy: { storeUrl: 'ftp://store' } }, /deploy\.storeUrl/],
        [{ ...base, deploy: { timeoutMs: 5 } }, /deploy\.timeoutMs: Too small/i],
      ];
      for (const [raw, message] of bad) expect(() => parseGrandConfig(raw, 'grand.yaml'), JSON.stringify(raw)).to.throw(message);
    });
  });
});
