import type { Decision } from './decision.js';

/** One line per decision for `lama decisions` (the JSON form is the Decision itself). */
export function formatDecision(d: Decision): string {
  const i = d.inputs;
  const f = (x: number | undefined): string => (x === undefined ? '-' : Number.isInteger(x) ? String(x) : x.toFixed(1));
  const what = d.dryRun ? `dry-run:${d.intended}` : d.action;
  const node = d.node ? ` ${d.node}` : '';
  return `${new Date(d.at).toISOString()} ${d.service ?? i.role} ${what}${node} | sum ${f(i.sum)} forecast ${f(i.forecast)} demand ${f(i.demand)} N ${i.n} (+${i.adding}) C ${f(i.capacity)} bounds [${f(i.lowerBound)}, ${f(i.upperBound)}] | ${d.reason}${d.outcome ? ` | ${d.outcome}${d.tookMs !== undefined ? ` in ${(d.tookMs / 1000).toFixed(1)} s` : ''}` : ''}`;
}
