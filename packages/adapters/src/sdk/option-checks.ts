import { InvalidOptionsError } from './errors.js';

type Options = Record<string, unknown>;

/** Checkers of an adapter's raw options; every error reads "TYPE options: 'KEY' ...". */
export function optionChecks(type: string): {
  bad(key: string, message: string): InvalidOptionsError;
  integer(o: Options, key: string, dflt: number, min: number, max: number): number;
  text(o: Options, key: string, pattern: RegExp, what: string): string | undefined;
} {
  const bad = (key: string, message: string): InvalidOptionsError => new InvalidOptionsError(`${type} options: '${key}' ${message}`);
  return {
    bad,
    integer(o, key, dflt, min, max) {
      const v = o[key] ?? dflt;
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw bad(key, `must be an integer from ${min} to ${max}`);
      return v;
    },
    text(o, key, pattern, what) {
      const v = o[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || !pattern.test(v)) throw bad(key, `must be ${what}`);
      return v;
    },
  };
}
