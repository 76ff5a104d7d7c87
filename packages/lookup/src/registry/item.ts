import { randomFillSync } from 'node:crypto';
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

// Random bytes for UUIDs, drawn from the CSPRNG a few KB at a time (as crypto.randomUUID does).
const entropy = Buffer.alloc(16 * 256);
let entropyAt = entropy.length;
const uuidText = Buffer.alloc(36);
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * A fresh random (version 4) UUID, lowercase, as one flat string. crypto.randomUUID() builds
 * its result by concatenation, and V8 keeps that as a tree of ~20 cons-string objects
 * (about 600 bytes) for as long as the string lives, while the registrar keeps two IDs per
 * item for hours; copying it flat cost another ~800 bytes of garbage per ID. This writes
 * the 36 characters into a scratch buffer and makes the string from it.
 */
export function newUuid(): string {
  if (entropyAt === entropy.length) {
    randomFillSync(entropy);
    entropyAt = 0;
  }
  const at = entropyAt;
  entropyAt += 16;
  entropy[at + 6] = (entropy[at + 6] & 0x0f) | 0x40; // version 4
  entropy[at + 8] = (entropy[at + 8] & 0x3f) | 0x80; // RFC 4122 variant
  let j = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) uuidText[j++] = 0x2d; // '-'
    const x = entropy[at + i];
    uuidText[j++] = HEX_DIGITS[x >> 4];
    uuidText[j++] = HEX_DIGITS[x & 15];
  }
  return uuidText.toString('latin1', 0, 36);
}

/** A fresh 128-bit service ID. */
export function newServiceId(): string {
  return newUuid();
}

/** Throws unless id is a canonical lowercase UUID. */
export function checkServiceId(id: string, what = 'service_id'): void {
  if (!UUID.test(id)) throw new InvalidArgumentError(`${what} '${id.slice(0, 80)}' is not a 128-bit ID in canonical UUID form (8-4-4-4-12 lowercase hex)`);
}

// `list` and `index` name the entry in error messages (built only when one is thrown).
function checkEntry(e: unknown, list: string, index: number): Entry {
  if (typeof e !== 'object' || e === null) throw new InvalidArgumentError(`${list}[${index}] is not an entry`);
  const { type, fields } = e as Partial<Entry>;
  if (typeof type !== 'string' || !TYPE_NAME.test(type) || type.length > LIMITS.entryTypeLength) {
    throw new InvalidArgumentError(`${list}[${index}].type '${String(type).slice(0, 80)}' must be a name of 1-${LIMITS.entryTypeLength} letters, digits, '_', '.', '-'`);
  }
  const out: Record<string, string> = {};
  const keys = fields ? Object.keys(fields) : [];
  if (keys.length > LIMITS.fieldsPerEntry) throw new InvalidArgumentError(`${list}[${index}] (${type}) has ${keys.length} fields; the limit is ${LIMITS.fieldsPerEntry}`);
  for (const k of keys) {
    const v = (fields as Record<string, unknown>)[k];
    if (!FIELD_NAME.test(k) || k.length > LIMITS.fieldNameLength) throw new InvalidArgumentError(`${list}[${index}] (${type}) field name '${k.slice(0, 80)}' is invalid`);
    if (typeof v !== 'string') throw new InvalidArgumentError(`${list}[${index}] (${type}) field '${k}' is not a string`);
    if (Buffer.byteLength(v, 'utf8') > LIMITS.fieldValueBytes) {
      throw new InvalidArgumentError(`${list}[${index}] (${type}) field '${k}' is ${Buffer.byteLength(v, 'utf8')} bytes; the limit is ${LIMITS.fieldValueBytes}`);
    }
    out[k] = v;
  }
  return { type, fields: out };
}

/** Validates a list of entries against the limits; returns clean copies. */
export function checkEntries(entries: unknown, where: string): Entry[] {
  const list = Array.isArray(entries) ? entries : [];
  if (list.length > LIMITS.attributes) throw new InvalidArgumentError(`${where} has ${list.length} entries; the limit is ${LIMITS.attributes}`);
  return list.map((e, i) => checkEntry(e, where, i));
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
    for (const k in e.fields) if (Object.prototype.hasOwnProperty.call(e.fields, k)) n += k.length + Buffer.byteLength(e.fields[k], 'utf8') + 4;
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
