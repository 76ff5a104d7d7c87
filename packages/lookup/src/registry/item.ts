import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '../errors.js';

/** An attribute entry: a type and its fields (Jini's Entry). */
export interface Entry {
  type: string;
  fields: Record<string, string>;
}

/** A registered service (Jini's ServiceItem). */
export interface ServiceItem {
  serviceId: string;
  serviceTypes: string[];
  endpoint: string;
  attributes: Entry[];
  /** Name of the credential that registered it. */
  owner: string;
}

/** A template: set fields must match, unset ones are wildcards; an empty template matches all. */
export interface ServiceTemplate {
  serviceId?: string;
  serviceTypes?: string[];
  attributes?: Entry[];
}

/** Documented limits on what a registration may hold (docs/architecture.md). */
export const LIMITS = {
  serviceTypes: 32,
  serviceTypeLength: 256,
  endpointLength: 256,
  attributes: 64,
  entryTypeLength: 128,
  fieldsPerEntry: 32,
  fieldNameLength: 64,
  fieldValueBytes: 1024,
  itemBytes: 16 * 1024,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ENDPOINT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;

/**
 * A fresh random UUID as one flat string. Node's randomUUID() builds its result by
 * concatenation, and V8 keeps that as a tree of ~20 cons-string objects (about 600 bytes)
 * for as long as the string lives; the registrar keeps two IDs per item for hours.
 */
export function newUuid(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}

/** A fresh 128-bit service ID. */
export function newServiceId(): string {
  return newUuid();
}

/** Throws unless id is a canonical lowercase UUID. */
export function checkServiceId(id: string, what = 'service_id'): void {
  if (!UUID.test(id)) throw new InvalidArgumentError(`${what} '${id.slice(0, 80)}' is not a 128-bit ID in canonical UUID form (8-4-4-4-12 lowercase hex)`);
}

function checkEntry(e: unknown, where: string): Entry {
  if (typeof e !== 'object' || e === null) throw new InvalidArgumentError(`${where} is not an entry`);
  const { type, fields } = e as Partial<Entry>;
  if (typeof type !== 'string' || !TYPE_NAME.test(type) || type.length > LIMITS.entryTypeLength) {
    throw new InvalidArgumentError(`${where}.type '${String(type).slice(0, 80)}' must be a name of 1-${LIMITS.entryTypeLength} letters, digits, '_', '.', '-'`);
  }
  const out: Record<string, string> = {};
  const keys = fields ? Object.keys(fields) : [];
  if (keys.length > LIMITS.fieldsPerEntry) throw new InvalidArgumentError(`${where} (${type}) has ${keys.length} fields; the limit is ${LIMITS.fieldsPerEntry}`);
  for (const k of keys) {
    const v = (fields as Record<string, unknown>)[k];
    if (!FIELD_NAME.test(k) || k.length > LIMITS.fieldNameLength) throw new InvalidArgumentError(`${where} (${type}) field name '${k.slice(0, 80)}' is invalid`);
    if (typeof v !== 'string') throw new InvalidArgumentError(`${where} (${type}) field '${k}' is not a string`);
    if (Buffer.byteLength(v, 'utf8') > LIMITS.fieldValueBytes) {
      throw new InvalidArgumentError(`${where} (${type}) field '${k}' is ${Buffer.byteLength(v, 'utf8')} bytes; the limit is ${LIMITS.fieldValueBytes}`);
    }
    out[k] = v;
  }
  return { type, fields: out };
}

/** Validates a list of entries against the limits; returns clean copies. */
export function checkEntries(entries: unknown, where: string): Entry[] {
  const list = Array.isArray(entries) ? entries : [];
  if (list.length > LIMITS.attributes) throw new InvalidArgumentError(`${where} has ${list.length} entries; the limit is ${LIMITS.attributes}`);
  return list.map((e, i) => checkEntry(e, `${where}[${i}]`));
}

function checkTypes(types: unknown, where: string): string[] {
  const list = Array.isArray(types) ? types : [];
  if (list.length > LIMITS.serviceTypes) throw new InvalidArgumentError(`${where} has ${list.length} names; the limit is ${LIMITS.serviceTypes}`);
  for (const t of list) {
    if (typeof t !== 'string' || !TYPE_NAME.test(t) || t.length > LIMITS.serviceTypeLength) {
      throw new InvalidArgumentError(`${where} name '${String(t).slice(0, 80)}' is invalid`);
    }
  }
  return [...list] as string[];
}

/** Approximate encoded size of an item, for the size limit. */
export function itemBytes(item: Omit<ServiceItem, 'owner'>): number {
  let n = item.serviceId.length + item.endpoint.length;
  for (const t of item.serviceTypes) n += t.length + 2;
  for (const e of item.attributes) {
    n += e.type.length + 4;
    for (const [k, v] of Object.entries(e.fields)) n += k.length + Buffer.byteLength(v, 'utf8') + 4;
  }
  return n;
}

/** Validates an item from a Register call; assigns a service ID when it has none. */
export function normalizeItem(raw: unknown, owner: string): ServiceItem {
  if (typeof raw !== 'object' || raw === null) throw new InvalidArgumentError('item is missing');
  const r = raw as Partial<ServiceItem>;
  const serviceId = r.serviceId ? String(r.serviceId) : newServiceId();
  checkServiceId(serviceId, 'item.service_id');
  const endpoint = typeof r.endpoint === 'string' ? r.endpoint : '';
  if (endpoint !== '') {
    const m = ENDPOINT.exec(endpoint);
    if (!m || endpoint.length > LIMITS.endpointLength || Number(m[2]) > 65535) {
      throw new InvalidArgumentError(`item.endpoint '${endpoint.slice(0, 80)}' is not HOST:PORT`);
    }
  }
  const item: ServiceItem = {
    serviceId,
    serviceTypes: checkTypes(r.serviceTypes, 'item.service_types'),
    endpoint,
    attributes: checkEntries(r.attributes, 'item.attributes'),
    owner,
  };
  const size = itemBytes(item);
  if (size > LIMITS.itemBytes) throw new InvalidArgumentError(`item is ${size} bytes; the limit is ${LIMITS.itemBytes}`);
  return item;
}

/** Validates a template from a Lookup or Watch call. */
export function normalizeTemplate(raw: unknown): ServiceTemplate {
  if (raw === null || raw === undefined) return {};
  const r = raw as ServiceTemplate;
  const t: ServiceTemplate = {};
  if (r.serviceId) {
    checkServiceId(r.serviceId, 'template.service_id');
    t.serviceId = r.serviceId;
  }
  const types = checkTypes(r.serviceTypes, 'template.service_types');
  if (types.length) t.serviceTypes = types;
  const attrs = checkEntries(r.attributes, 'template.attributes');
  if (attrs.length) t.attributes = attrs;
  return t;
}
