import { isIPv4 } from 'node:net';
import type { Answer, Packet, StringAnswer, TxtAnswer } from 'dns-packet';
import { DiscoveryRejection, fromTxt, toTxt, type Fields } from './signed-fields.js';

/** The DNS-SD service type of a LAMA lookup service. */
export const SERVICE_TYPE = '_lama._tcp.local';
const QUERY_RECORD = `_q.${SERVICE_TYPE}`;

/** The subtype name of a group: _GROUP._sub._lama._tcp.local. */
export function groupSubtype(group: string): string {
  return `_${group}._sub.${SERVICE_TYPE}`;
}

/** What a lookup service says about itself (announce, answer or goodbye). */
export interface LookupRecord {
  /** DNS-SD instance label (the lookup service's credential name). */
  instance: string;
  host: string;
  port: number;
  groups: string[];
  /** Signed fields for the TXT record. */
  fields: Fields;
  /** Record TTL in seconds; 0 for a goodbye. */
  ttl: number;
}

function hostName(instance: string): string {
  return `${instance}.local`;
}

/** A DNS-SD response: PTR for the type and each group subtype, SRV, TXT and A. */
export function lookupResponse(r: LookupRecord): Packet {
  const instanceName = `${r.instance}.${SERVICE_TYPE}`;
  const answers: Answer[] = [
    { name: SERVICE_TYPE, type: 'PTR', ttl: r.ttl, data: instanceName },
    ...r.groups.map((g): Answer => ({ name: groupSubtype(g), type: 'PTR', ttl: r.ttl, data: instanceName })),
    { name: instanceName, type: 'SRV', ttl: r.ttl, data: { port: r.port, target: hostName(r.instance), priority: 0, weight: 0 } },
    { name: instanceName, type: 'TXT', ttl: r.ttl, data: toTxt(r.fields) },
  ];
  const additionals: Answer[] = isIPv4(r.host) ? [{ name: hostName(r.instance), type: 'A', ttl: r.ttl, data: r.host }] : [];
  return { type: 'response', flags: 0, answers, additionals };
}

/** At most this many LAMA records of one packet are checked: each costs signature checks. */
export const MAX_RECORDS_PER_PACKET = 8;

/** The signed TXT fields of every LAMA instance in a response packet (at most MAX_RECORDS_PER_PACKET). */
export function lookupFieldsOf(packet: Packet): Fields[] {
  const txt = [...(packet.answers ?? []), ...(packet.additionals ?? [])].filter((a) => a.type === 'TXT' && a.name.endsWith(`.${SERVICE_TYPE}`) && a.name !== QUERY_RECORD);
  if (txt.length > MAX_RECORDS_PER_PACKET) throw new DiscoveryRejection('malformed', `${txt.length} LAMA records in one packet (at most ${MAX_RECORDS_PER_PACKET})`);
  return txt.map((a) => fromTxt((a as TxtAnswer).data));
}

/** A discovery query: PTR questions for the groups (or the type), the signed request in a TXT additional. */
export function discoveryQuery(groups: readonly string[], fields: Fields): Packet {
  const names = groups.length ? groups.map(groupSubtype) : [SERVICE_TYPE];
  return {
    type: 'query',
    flags: 0,
    questions: names.map((name) => ({ name, type: 'PTR' as const, class: 'IN' as const })),
    additionals: [{ name: QUERY_RECORD, type: 'TXT', ttl: 0, data: toTxt(fields) }],
  };
}

/** The signed request fields of a LAMA query, or undefined if the packet is not one. */
export function queryFieldsOf(packet: Packet): Fields | undefined {
  if (!packet.questions?.some((q) => q.name === SERVICE_TYPE || q.name.endsWith(`._sub.${SERVICE_TYPE}`))) return undefined;
  const txt = packet.additionals?.find((a) => a.type === 'TXT' && a.name === QUERY_RECORD) as TxtAnswer | undefined;
  if (!txt) throw new DiscoveryRejection('credential', 'query without a LAMA credential');
  return fromTxt(txt.data);
}

/** The PTR targets in a packet (for browsers that only read DNS-SD). */
export function ptrTargets(packet: Packet): string[] {
  return (packet.answers ?? []).filter((a): a is StringAnswer => a.type === 'PTR').map((a) => a.data);
}
