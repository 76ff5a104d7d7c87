import { resolve } from 'node:path';
import { NAME_ENTRY, ROLE_ENTRY, RegistrarClient, entryValues, loadCredential, type ServiceItem, type ServiceTemplate } from '@lama/lookup';
import type { DiscoveryFlags } from './discovery-flags.js';
import { discoverLookups, noLookupError } from './find-pool.js';

/** The flags of `lama ls`. */
export interface LsFlags extends DiscoveryFlags {
  credential: string;
  role?: string;
  json: boolean;
  waitMs: number;
}

/** One row of `lama ls --json`. */
export interface LsEntry {
  name: string;
  serviceId: string;
  roles: string[];
  endpoint: string;
  leaseExpires: string;
  lookups: string[];
  owner: string;
  serviceTypes: string[];
  attributes: ServiceItem['attributes'];
}

/** Lists every registered item across the discovered lookup services, merged by service ID. */
export async function listPool(f: LsFlags): Promise<LsEntry[]> {
  const credential = loadCredential(resolve(f.credential));
  const lookups = await discoverLookups(f, credential);
  if (lookups.length === 0) throw noLookupError(f);
  const template: ServiceTemplate = f.role ? { attributes: [{ type: ROLE_ENTRY, fields: { role: f.role } }] } : {};
  const merged = new Map<string, LsEntry & { expiresMs: number }>();
  const now = Date.now();
  await Promise.all(lookups.map(async (l) => {
    const c = new RegistrarClient({ endpoint: l.endpoint, expect: { name: l.name }, credential, timeoutMs: 5000 });
    try {
      const r = await c.lookup(template);
      r.items.forEach((item, i) => {
        const expiresMs = now + (r.leaseRemainingMs[i] ?? 0);
        const prev = merged.get(item.serviceId);
        if (prev) {
          prev.lookups.push(l.name);
          prev.expiresMs = Math.max(prev.expiresMs, expiresMs);
          prev.leaseExpires = new Date(prev.expiresMs).toISOString();
          return;
        }
        merged.set(item.serviceId, {
          name: entryValues(item.attributes, NAME_ENTRY, 'name')[0] ?? item.owner,
          serviceId: item.serviceId,
          roles: entryValues(item.attributes, ROLE_ENTRY, 'role'),
          endpoint: item.endpoint,
          leaseExpires: new Date(expiresMs).toISOString(),
          lookups: [l.name],
          owner: item.owner,
          serviceTypes: item.serviceTypes,
          attributes: item.attributes,
          expiresMs,
        });
      });
    } finally {
      c.close();
    }
  }));
  return [...merged.values()].sort((a, b) => a.name.localeCompare(b.name)).map(({ expiresMs: _e, ...rest }) => rest);
}

function table(rows: LsEntry[]): string {
  const now = Date.now();
  const cells = [['NAME', 'ROLES', 'ENDPOINT', 'LEASE', 'LOOKUPS', 'SERVICE ID'], ...rows.map((r) => [
    r.name, r.roles.join(',') || '-', r.endpoint || '-', `${Math.max(0, (Date.parse(r.leaseExpires) - now) / 1000).toFixed(1)}s`, r.lookups.join(','), r.serviceId,
  ])];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** Runs `lama ls`. */
export async function runLs(f: LsFlags): Promise<void> {
  const rows = await listPool(f);
  console.log(f.json ? JSON.stringify(rows, null, 2) : table(rows));
}
