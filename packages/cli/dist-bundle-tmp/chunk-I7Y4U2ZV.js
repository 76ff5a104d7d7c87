import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  InvalidArgumentError
} from "./chunk-2F4QKM7O.js";

// packages/lookup/dist/src/registry/item.js
import { randomFillSync } from "node:crypto";
var LIMITS = {
  serviceTypes: 32,
  serviceTypeLength: 256,
  endpointLength: 256,
  attributes: 64,
  entryTypeLength: 128,
  fieldsPerEntry: 32,
  fieldNameLength: 64,
  fieldValueBytes: 1024,
  itemBytes: 16 * 1024
};
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
var TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
var FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
var ENDPOINT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;
var entropy = Buffer.alloc(16 * 256);
var entropyAt = entropy.length;
var uuidText = Buffer.alloc(36);
var HEX_DIGITS = Buffer.from("0123456789abcdef", "latin1");
function newUuid() {
  if (entropyAt === entropy.length) {
    randomFillSync(entropy);
    entropyAt = 0;
  }
  const at = entropyAt;
  entropyAt += 16;
  entropy[at + 6] = entropy[at + 6] & 15 | 64;
  entropy[at + 8] = entropy[at + 8] & 63 | 128;
  let j = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10)
      uuidText[j++] = 45;
    const x = entropy[at + i];
    uuidText[j++] = HEX_DIGITS[x >> 4];
    uuidText[j++] = HEX_DIGITS[x & 15];
  }
  return uuidText.toString("latin1", 0, 36);
}
function newServiceId() {
  return newUuid();
}
function checkServiceId(id, what = "service_id") {
  if (!UUID.test(id))
    throw new InvalidArgumentError(`${what} '${id.slice(0, 80)}' is not a 128-bit ID in canonical UUID form (8-4-4-4-12 lowercase hex)`);
}
function checkEntry(e, list, index) {
  if (typeof e !== "object" || e === null)
    throw new InvalidArgumentError(`${list}[${index}] is not an entry`);
  const { type, fields } = e;
  if (typeof type !== "string" || !TYPE_NAME.test(type) || type.length > LIMITS.entryTypeLength) {
    throw new InvalidArgumentError(`${list}[${index}].type '${String(type).slice(0, 80)}' must be a name of 1-${LIMITS.entryTypeLength} letters, digits, '_', '.', '-'`);
  }
  const out = {};
  const keys = fields ? Object.keys(fields) : [];
  if (keys.length > LIMITS.fieldsPerEntry)
    throw new InvalidArgumentError(`${list}[${index}] (${type}) has ${keys.length} fields; the limit is ${LIMITS.fieldsPerEntry}`);
  for (const k of keys) {
    const v = fields[k];
    if (!FIELD_NAME.test(k) || k.length > LIMITS.fieldNameLength)
      throw new InvalidArgumentError(`${list}[${index}] (${type}) field name '${k.slice(0, 80)}' is invalid`);
    if (typeof v !== "string")
      throw new InvalidArgumentError(`${list}[${index}] (${type}) field '${k}' is not a string`);
    if (Buffer.byteLength(v, "utf8") > LIMITS.fieldValueBytes) {
      throw new InvalidArgumentError(`${list}[${index}] (${type}) field '${k}' is ${Buffer.byteLength(v, "utf8")} bytes; the limit is ${LIMITS.fieldValueBytes}`);
    }
    out[k] = v;
  }
  return { type, fields: out };
}
function checkEntries(entries, where) {
  const list = Array.isArray(entries) ? entries : [];
  if (list.length > LIMITS.attributes)
    throw new InvalidArgumentError(`${where} has ${list.length} entries; the limit is ${LIMITS.attributes}`);
  return list.map((e, i) => checkEntry(e, where, i));
}
function checkTypes(types, where) {
  const list = Array.isArray(types) ? types : [];
  if (list.length > LIMITS.serviceTypes)
    throw new InvalidArgumentError(`${where} has ${list.length} names; the limit is ${LIMITS.serviceTypes}`);
  for (const t of list) {
    if (typeof t !== "string" || !TYPE_NAME.test(t) || t.length > LIMITS.serviceTypeLength) {
      throw new InvalidArgumentError(`${where} name '${String(t).slice(0, 80)}' is invalid`);
    }
  }
  return [...list];
}
function itemBytes(item) {
  let n = item.serviceId.length + item.endpoint.length;
  for (const t of item.serviceTypes)
    n += t.length + 2;
  for (const e of item.attributes) {
    n += e.type.length + 4;
    for (const k in e.fields)
      if (Object.prototype.hasOwnProperty.call(e.fields, k))
        n += k.length + Buffer.byteLength(e.fields[k], "utf8") + 4;
  }
  return n;
}
function normalizeItem(raw, owner) {
  if (typeof raw !== "object" || raw === null)
    throw new InvalidArgumentError("item is missing");
  const r = raw;
  const serviceId = r.serviceId ? String(r.serviceId) : newServiceId();
  checkServiceId(serviceId, "item.service_id");
  const endpoint = typeof r.endpoint === "string" ? r.endpoint : "";
  if (endpoint !== "") {
    const m = ENDPOINT.exec(endpoint);
    if (!m || endpoint.length > LIMITS.endpointLength || Number(m[2]) > 65535) {
      throw new InvalidArgumentError(`item.endpoint '${endpoint.slice(0, 80)}' is not HOST:PORT`);
    }
  }
  const item = {
    serviceId,
    serviceTypes: checkTypes(r.serviceTypes, "item.service_types"),
    endpoint,
    attributes: checkEntries(r.attributes, "item.attributes"),
    owner
  };
  const size = itemBytes(item);
  if (size > LIMITS.itemBytes)
    throw new InvalidArgumentError(`item is ${size} bytes; the limit is ${LIMITS.itemBytes}`);
  return item;
}
function normalizeTemplate(raw) {
  if (raw === null || raw === void 0)
    return {};
  const r = raw;
  const t = {};
  if (r.serviceId) {
    checkServiceId(r.serviceId, "template.service_id");
    t.serviceId = r.serviceId;
  }
  const types = checkTypes(r.serviceTypes, "template.service_types");
  if (types.length)
    t.serviceTypes = types;
  const attrs = checkEntries(r.attributes, "template.attributes");
  if (attrs.length)
    t.attributes = attrs;
  return t;
}

// packages/lookup/dist/src/discovery/jitter.js
function jitter(ms, spread = 0.5) {
  return ms * (1 - spread + 2 * spread * Math.random());
}

export {
  LIMITS,
  newUuid,
  newServiceId,
  checkServiceId,
  checkEntries,
  itemBytes,
  normalizeItem,
  normalizeTemplate,
  jitter
};
