import type { Registry } from 'prom-client';
import { REJECT_REASONS } from '../discovery/signed-fields.js';
import { scrapedCounter, scrapedGauge } from '../prometheus/scraped.js';
import type { AnnouncerStats } from '../discovery/lookup-announcer.js';
import type { Registrar } from '../registry/registrar.js';

/** What the lookup metrics read: a LookupServer, or a bare registrar (with discovery counters if it announces). */
export interface LookupMetricsSource {
  readonly registrar: Registrar;
  readonly discoveryStats?: AnnouncerStats;
}

/**
 * Registers a lookup service's metrics (lama_lookup_*) on registry, read from the registrar's
 * and the announcer's counters at each scrape (no series while `lookup` gives none: the grand
 * agent's embedded one exists only once it started). Labels are bounded: a removal reason or a
 * discovery refusal reason, never a lease or service ID. Every refusal reason is exported, at 0 until it happens.
 */
export function registerLookupMetrics(registry: Registry, lookup: () => LookupMetricsSource | undefined): void {
  const of = <T>(read: (r: Registrar) => T) => (): T | undefined => {
    const r = lookup()?.registrar;
    return r ? read(r) : undefined;
  };
  scrapedGauge(registry, { name: 'lama_lookup_items', help: 'Service items registered now (one lease each).' }, of((r) => r.size));
  scrapedCounter(registry, { name: 'lama_lookup_registrations_total', help: 'Items registered or re-registered.' }, of((r) => r.stats.registrations));
  scrapedCounter(registry, { name: 'lama_lookup_renewals_total', help: 'Leases renewed.' }, of((r) => r.stats.renewals));
  scrapedCounter(registry, { name: 'lama_lookup_lease_ends_total', help: 'Leases that ended, by reason: expired (the holder stopped renewing) or cancelled (a clean departure).', labelNames: ['reason'] },
    of((r) => [[{ reason: 'expired' }, r.stats.expired], [{ reason: 'cancelled' }, r.stats.cancelled]] as const));
  scrapedCounter(registry, { name: 'lama_lookup_changes_total', help: 'Changes to the registrar (its revision).' }, of((r) => r.revision));
  scrapedGauge(registry, { name: 'lama_lookup_lease_max_seconds', help: 'Longest lease this lookup service grants.' }, of((r) => r.maxLeaseMs / 1000));
  scrapedGauge(registry, { name: 'lama_lookup_watch_sessions', help: 'Watch streams open now.' }, of((r) => r.stats.watchSessions));
  const discovery = (key: 'queries' | 'answered' | 'announced') => (): number | undefined => lookup()?.discoveryStats?.[key];
  scrapedCounter(registry, { name: 'lama_lookup_discovery_queries_total', help: 'Multicast discovery queries received.' }, discovery('queries'));
  scrapedCounter(registry, { name: 'lama_lookup_discovery_answers_total', help: 'Discovery queries answered (each from a valid pool member).' }, discovery('answered'));
  scrapedCounter(registry, { name: 'lama_lookup_discovery_announcements_total', help: 'Announcements multicast.' }, discovery('announced'));
  scrapedCounter(registry, { name: 'lama_lookup_discovery_rejections_total', help: 'Discovery packets refused, by reason.', labelNames: ['reason'] },
    () => {
      const stats = lookup()?.discoveryStats;
      return stats && REJECT_REASONS.map((reason) => [{ reason }, stats[reason]] as const);
    });
}
