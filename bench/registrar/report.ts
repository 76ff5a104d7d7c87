import type { TargetCheck } from '../lib/target-check.js';
import { ratio } from '../lib/stats.js';
import { pair, TLS_MIN_RATIO, type TransportPair } from '../lib/transport.js';
import type { RenewalPhases, TargetResults } from './phases.js';


type PartialResults = Partial<TargetResults>;

const rssAt = (r: PartialResults, at: '10k' | '100k'): number | undefined => r.memory?.find((m) => m.at === at)?.rssMb;

/** LAMA over etcd for each quantity: > 1 means LAMA has more of it (more per second, but also more latency, CPU or memory). */
export function comparison(lama: PartialResults, etcd: PartialResults): Record<string, number | null> {
  const get = (r: PartialResults, f: (r: TargetResults) => number | undefined): number => {
    try {
      return f(r as TargetResults) ?? NaN;
    } catch {
      return NaN;
    }
  };
  const both = (f: (r: TargetResults) => number | undefined): number | null => ratio(get(lama, f), get(etcd, f));
  return {
    registrationsVsEtcdPutWithLease: both((r) => r.register10k.perSecond),
    renewalsVsEtcdKeepalives: both((r) => r.renewMax.perSecond),
    steadyRenewalP99VsEtcd: both((r) => r.renewSteady.latencyMs.p99),
    steadyServerCpuVsEtcd: both((r) => r.renewSteady.cpuCores.server),
    lookupsByNameVsEtcdPrefixGets: both((r) => r.lookupByName.perSecond),
    lookupsByRoleVsEtcdPrefixGets: both((r) => r.lookupByRole.perSecond),
    lookupByNameServerCpuPerOpVsEtcd: both((r) => r.lookupByName.serverCpuUsPerOp),
    lookupByRoleServerCpuPerOpVsEtcd: both((r) => r.lookupByRole.serverCpuUsPerOp),
    maxRenewalServerCpuPerOpVsEtcd: both((r) => r.renewMax.serverCpuUsPerOp),
    watchDeliveryP99VsEtcd: both((r) => r.watch.perDeliveryMs.p99),
    watchAllWatchersP99VsEtcd: both((r) => r.watch.allWatchersMs.p99),
    rssAt10kVsEtcd: both((r) => rssAt(r, '10k')),
    rssAt100kVsEtcd: both((r) => rssAt(r, '100k')),
  };
}

/** The targets, each with what was measured; a target that could not be measured is not met. */
export function targets(lama: PartialResults, etcd: PartialResults, cmp: Record<string, number | null>): TargetCheck[] {
  const steady = lama.renewSteady;
  // Says who limited a throughput comparison, so a ratio is not read as the servers' alone.
  const limits = (f: (r: TargetResults) => { perSecond: number; serverCpuUsPerOp?: number; limitedBy?: string } | undefined): string => {
    const side = (label: string, r: PartialResults): string => {
      const x = f(r as TargetResults);
      return x ? `${label} ${x.perSecond}/s, server ${x.serverCpuUsPerOp} µs CPU/op${x.limitedBy ? ', limited by the bench client' : ''}` : `${label} not measured`;
    };
    return `${side('lama', lama)}; ${side('etcd', etcd)}`;
  };
  type Throughput = Parameters<typeof limits>[0];
  // A throughput ratio over etcd that must reach `times`, noted with who limited each side.
  const atLeast = (name: string, times: number, measured: number | null, f: Throughput): TargetCheck => ({
    name, target: `>= ${times}x`, measured, met: (measured ?? 0) >= times, note: limits(f),
  });
  const rss100k = lama.memory?.find((m) => m.at === '100k');
  const out: TargetCheck[] = [
    {
      name: 'renewal p99, 10,000 agents on 10 s leases renewing every 3 s over keep-alive streams',
      target: '< 20 ms',
      measured: steady?.latencyMs.p99 ?? null,
      met: !!steady && steady.latencyMs.p99 < 20 && steady.failures === 0,
      note: steady ? `${steady.perSecond} renewals/s, ${steady.failures} failed` : 'not measured',
    },
    {
      name: 'registrar CPU during that steady state',
      target: '< 0.5 cores',
      measured: steady?.cpuCores.server ?? null,
      met: !!steady && steady.cpuCores.server < 0.5,
      note: steady ? `main thread ${steady.cpuCores.serverMainThread} cores` : undefined,
    },
    atLeast('renewals/s over keep-alive streams vs etcd lease keep-alives/s (both at max throughput)', 1, cmp.renewalsVsEtcdKeepalives, (r) => r.renewMax),
    atLeast('lookups/s by one attribute (bench.Node{name}, 1 match of 10,000) vs etcd prefix gets', 5, cmp.lookupsByNameVsEtcdPrefixGets, (r) => r.lookupByName),
    atLeast('lookups/s by one attribute (lama.Role, 1,000 matches of 10,000) vs etcd prefix gets', 5, cmp.lookupsByRoleVsEtcdPrefixGets, (r) => r.lookupByRole),
    {
      name: 'registrar RSS at 100,000 leased items',
      target: '< 200 MB',
      measured: rss100k && rss100k.items >= 100_000 ? rss100k.rssMb : null,
      met: !!rss100k && rss100k.items >= 100_000 && rss100k.rssMb < 200,
      note: rss100k ? `${rss100k.items} items held when sampled; peak RSS ${rss100k.peakRssMb} MB` : 'not measured',
    },
  ];
  return out;
}

/** The TLS cost: the main (TLS) figures against the plaintext pass of the same run. */
export function tlsCost(tls: Partial<RenewalPhases>, plaintext: Partial<RenewalPhases>): {
  figures: Record<string, TransportPair>;
  target: string;
  met: boolean;
  note: string;
} {
  const renewals = pair(tls.renewMax?.perSecond, plaintext.renewMax?.perSecond);
  const failures = (r: Partial<RenewalPhases>): number => (r.renewMax?.failures ?? 0) + (r.renewSteady?.failures ?? 0) + (r.register10k?.failures ?? 0);
  const side = (label: string, r: Partial<RenewalPhases>): string => r.renewMax
    ? `${label}: ${r.renewMax.perSecond} renewals/s with server ${r.renewMax.cpuCores.server} cores (main thread ${r.renewMax.cpuCores.serverMainThread}), bench client ${r.renewMax.cpuCores.benchClient} cores${r.renewMax.limitedBy ? ', limited by the bench client' : ''}, ${failures(r)} failures`
    : `${label}: not measured`;
  return {
    figures: {
      renewalsPerSecondMax: renewals,
      renewalP99MsMax: pair(tls.renewMax?.latencyMs.p99, plaintext.renewMax?.latencyMs.p99),
      renewalServerCpuUsPerOpMax: pair(tls.renewMax?.serverCpuUsPerOp, plaintext.renewMax?.serverCpuUsPerOp),
      renewalP99MsSteady: pair(tls.renewSteady?.latencyMs.p99, plaintext.renewSteady?.latencyMs.p99),
      serverCpuCoresSteady: pair(tls.renewSteady?.cpuCores.server, plaintext.renewSteady?.cpuCores.server),
      registrationsPerSecond: pair(tls.register10k?.perSecond, plaintext.register10k?.perSecond),
    },
    target: 'TLS costs at most 30 % of renewals/s',
    // Renewals/s at max throughput over keep-alive streams (renewMax); a pass with failures does not count.
    met: renewals.ratio !== null && renewals.ratio >= TLS_MIN_RATIO && failures(tls) === 0 && failures(plaintext) === 0,
    note: `ratio = TLS / plaintext; met when renewalsPerSecondMax.ratio >= ${TLS_MIN_RATIO}. ${side('tls', tls)}; ${side('plaintext', plaintext)}`,
  };
}

/** Phases during which other processes used a noticeable share of the machine. */
export function interference(results: Record<string, PartialResults>, thresholdCores = 0.25): string[] {
  const out: string[] = [];
  for (const [label, r] of Object.entries(results)) {
    for (const [phase, v] of Object.entries(r)) {
      const other = (v as { cpuCores?: { otherProcesses: number } } | undefined)?.cpuCores?.otherProcesses;
      if (other !== undefined && other > thresholdCores) out.push(`${label}.${phase}: other processes used ${other} cores`);
    }
  }
  return out;
}
