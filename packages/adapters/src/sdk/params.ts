import { isHostPort } from '@lama/lookup';
import { InvalidParamError, UnknownParamError } from './errors.js';

export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'hostport' | 'list' | 'enum';
export type ParamValue = string | number | boolean | string[];

/** A settable parameter, as an adapter declares it. */
export interface ParamSpec {
  type: ParamType;
  description: string;
  /** For 'enum': the allowed values. */
  allowed?: readonly string[];
  /** For 'integer' and 'number'. */
  min?: number;
  max?: number;
  /** For 'string' and list items: a whole-value pattern. */
  pattern?: RegExp;
  default?: ParamValue;
}

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

// Values end up in config files and command lines; control characters never belong there.
const CONTROL = /[\u0000-\u001f\u007f]/;

function parseOne(key: string, spec: ParamSpec, raw: string): ParamValue {
  if (CONTROL.test(raw)) throw new InvalidParamError(key, 'contains a control character (newline, tab, NUL...)');
  switch (spec.type) {
    case 'string':
      if (spec.pattern && !spec.pattern.test(raw)) throw new InvalidParamError(key, `'${raw}' does not match ${spec.pattern}`);
      return raw;
    case 'integer':
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || (spec.type === 'integer' && !Number.isSafeInteger(n))) {
        throw new InvalidParamError(key, `'${raw}' is not ${spec.type === 'integer' ? 'an integer' : 'a number'}`);
      }
      if (spec.min !== undefined && n < spec.min) throw new InvalidParamError(key, `${n} is below the minimum ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) throw new InvalidParamError(key, `${n} is above the maximum ${spec.max}`);
      return n;
    }
    case 'boolean':
      if (['true', '1', 'yes', 'on'].includes(raw)) return true;
      if (['false', '0', 'no', 'off'].includes(raw)) return false;
      throw new InvalidParamError(key, `'${raw}' is not a boolean (true/false)`);
    case 'hostport': {
      if (!isHostPort(raw)) throw new InvalidParamError(key, `'${raw}' is not HOST:PORT`);
      return raw;
    }
    case 'enum':
      if (!spec.allowed?.includes(raw)) throw new InvalidParamError(key, `'${raw}' is not one of ${spec.allowed?.join(', ')}`);
      return raw;
    case 'list': {
      let items: unknown;
      if (raw.startsWith('[')) {
        try {
          items = JSON.parse(raw);
        } catch {
          throw new InvalidParamError(key, 'is not a JSON array of strings');
        }
        if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) throw new InvalidParamError(key, 'is not a JSON array of strings');
      } else {
        items = raw === '' ? [] : raw.split(',');
      }
      for (const item of items as string[]) {
        if (CONTROL.test(item)) throw new InvalidParamError(key, 'an item contains a control character');
        if (spec.pattern && !spec.pattern.test(item)) throw new InvalidParamError(key, `item '${item}' does not match ${spec.pattern}`);
      }
      return items as string[];
    }
    default:
      throw new InvalidParamError(key, `has an unknown declared type '${String(spec.type)}'`);
  }
}

/**
 * Parses every raw value against its spec. All or nothing: the first unknown key or bad
 * value throws, naming the key, before anything is applied.
 */
export function parseParams(adapter: string, specs: ParamSpecs, raw: Readonly<Record<string, string>>): Record<string, ParamValue> {
  const keys = Object.keys(raw);
  if (keys.length === 0) throw new InvalidParamError('(none)', 'give at least one KEY=VALUE');
  const out: Record<string, ParamValue> = {};
  for (const key of keys) {
    const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) throw new UnknownParamError(key, adapter, Object.keys(specs));
    out[key] = parseOne(key, spec, raw[key]);
  }
  return out;
}

/** A value as text, the way Status reports parameters. */
export function formatParam(value: ParamValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/** Checks a spec table itself (used by defineAdapter and the conformance suite). */
export function checkSpecs(adapter: string, specs: ParamSpecs): void {
  const types: ParamType[] = ['string', 'integer', 'number', 'boolean', 'hostport', 'list', 'enum'];
  for (const [key, spec] of Object.entries(specs)) {
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(key)) throw new Error(`adapter '${adapter}': parameter name '${key}' is invalid`);
    if (!types.includes(spec.type)) throw new Error(`adapter '${adapter}': parameter '${key}' has unknown type '${String(spec.type)}'`);
    if (!spec.description) throw new Error(`adapter '${adapter}': parameter '${key}' has no description`);
    if (spec.type === 'enum' && !spec.allowed?.length) throw new Error(`adapter '${adapter}': enum parameter '${key}' lists no allowed values`);
  }
}
