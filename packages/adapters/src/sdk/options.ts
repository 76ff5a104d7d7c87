import { z } from 'zod';
import { InvalidOptionsError } from './errors.js';

// Adapter modules get zod from the SDK, so the one way to declare options needs no other import.
export { z };

// Every built-in declares its options as one zod object schema and parses them with
// parseOptions, so every refusal reads the same way: "TYPE options: 'KEY' MESSAGE".

/** A key's error message: `invalid` for a wrong value, `missing` (default: the same) for an absent required key. */
function message(invalid: string, missing = invalid): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => (issue.input === undefined ? missing : invalid) };
}

/** A string matching pattern; errors read "must be WHAT" ("is required ..." as `missing` when absent). */
export function textOption(pattern: RegExp, what: string, missing?: string): z.ZodString {
  return z.string(message(`must be ${what}`, missing)).regex(pattern, `must be ${what}`);
}

/** An integer from min to max. */
export function integerOption(min: number, max: number, text = `must be an integer from ${min} to ${max}`): z.ZodNumber {
  return z.number({ error: text }).int({ error: text }).min(min, { error: text }).max(max, { error: text });
}

/** A list of strings, each matching pattern (if given); one message for the list and its items. */
export function listOption(text: string, pattern?: RegExp): z.ZodArray<z.ZodString> {
  const item = z.string({ error: text });
  return z.array(pattern ? item.regex(pattern, text) : item, { error: text });
}

/**
 * Parses an adapter's raw options (the `options` of an adapters[] entry; absent is {})
 * with its schema. Throws InvalidOptionsError naming the adapter and the key: an unknown
 * key first, then the first key in the schema's order that is wrong.
 */
export function parseOptions<S extends z.ZodObject>(type: string, schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  const issues = r.error.issues;
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown) throw new InvalidOptionsError(`${type} options: unknown key '${unknown.keys[0]}' (known: ${Object.keys(schema.shape).join(', ')})`);
  const first = issues[0];
  if (first.path.length === 0) throw new InvalidOptionsError(`${type} options must be an object`);
  throw new InvalidOptionsError(`${type} options: '${String(first.path[0])}' ${first.message}`);
}
