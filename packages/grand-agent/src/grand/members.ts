import { InvalidArgumentError } from '@lama/lookup';

/** A dispatcher's back ends as IP:PORT → weight, in the order written. */
export type Members = Map<string, number>;

/**
 * Parses `IP:PORT[=weight],...` (the apache and redirector `members` parameter); weight
 * defaults to 1. A list parameter is reported by Status as a JSON array of the items.
 */
export function parseMembers(text: string | undefined): Members {
  const out: Members = new Map();
  const t = (text ?? '').trim();
  let parts: string[];
  if (t.startsWith('[')) {
    const items = JSON.parse(t) as unknown;
    if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) throw new InvalidArgumentError(`members ${t} is not a JSON array of strings`);
    parts = items;
  } else parts = t.split(',');
  for (const part of parts) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.lastIndexOf('=');
    const weight = eq > 0 ? Number(p.slice(eq + 1)) : 1;
    out.set(eq > 0 ? p.slice(0, eq) : p, Number.isFinite(weight) ? weight : 1);
  }
  return out;
}

/** Writes members back as the parameter's text. */
export function formatMembers(m: Members): string {
  return [...m].map(([ep, w]) => (w === 1 ? ep : `${ep}=${w}`)).join(',');
}
