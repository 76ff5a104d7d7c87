import type { ServiceItem, ServiceTemplate } from '@lama/lookup';

/** Ten roles: agent i has role ROLES[i % 10], so each role matches a tenth of the agents. */
export const ROLES = ['web-server', 'database', 'cache', 'queue', 'batch', 'gateway', 'storage', 'search', 'metrics', 'scheduler'] as const;

export const nodeName = (i: number): string => `node-${i}`;

/**
 * The entry that tells simulated agents apart. Not lama.Name: the registrar takes lama.Name only
 * equal to the registering credential's name, and one credential registers every item here
 * (a credential per agent would mean a TLS connection per agent).
 */
export const NODE_ENTRY = 'bench.Node';
export const roleOf = (i: number): string => ROLES[i % ROLES.length];

/** The item simulated agent i registers (the endpoint is data only: nothing connects to it). */
export function agentItem(i: number, role = roleOf(i)): Partial<ServiceItem> {
  return {
    serviceTypes: ['lama.agent.v1.Agent'],
    endpoint: `127.0.0.1:${7000 + (i % 50_000)}`,
    attributes: [
      { type: NODE_ENTRY, fields: { name: nodeName(i) } },
      { type: 'lama.Role', fields: { role } },
    ],
  };
}

export const byName = (i: number): ServiceTemplate => ({ attributes: [{ type: NODE_ENTRY, fields: { name: nodeName(i) } }] });
export const byRole = (role: string): ServiceTemplate => ({ attributes: [{ type: 'lama.Role', fields: { role } }] });

/**
 * etcd layout, the usual way to make both lookups a prefix get: the item JSON under its
 * name and again under its role, both keys on the item's lease, written in one Txn.
 */
export const etcdNameKey = (i: number): string => `/lama/by-name/${nodeName(i)}/item`;
export const etcdRoleKey = (i: number, role = roleOf(i)): string => `/lama/by-role/${role}/${nodeName(i)}`;
export const etcdNamePrefix = (i: number): string => `/lama/by-name/${nodeName(i)}/`;
export const etcdRolePrefix = (role: string): string => `/lama/by-role/${role}/`;
