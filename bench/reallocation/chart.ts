import type { RunResult, TracePoint } from './simulate.js';

const W = 960;
const PANEL_H = 210;
const M = { left: 58, right: 16, top: 30, bottom: 26 };
const COLORS = { demand: '#bbbbbb', measured: '#4a7fc1', decided: '#e8871e', allocated: '#c0392b', serving: '#27ae60', oracle: '#555555' };

const esc = (s: string): string => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A Fig. 8-style chart, one panel per policy on the same seed: time on x; in Mbps on y the
 * measured load, the demand the policy decided on (its forecast), and the allocated and
 * serving node counts × C as step lines, with the oracle's for reference.
 */
export function renderChart(runs: readonly RunResult[], capacity: number, title: string, subtitle: string): string {
  const tMax = Math.max(...runs.flatMap((r) => r.trace.map((p) => p.t)));
  const yMax = Math.ceil((Math.max(...runs.flatMap((r) => r.trace.flatMap((p) => [p.allocated * capacity, Number.isFinite(p.measured) ? p.measured : 0, p.decided ?? 0]))) * 1.05) / 100) * 100;
  const plotW = W - M.left - M.right;
  const plotH = PANEL_H - M.top - M.bottom;
  const legendH = 40;
  const H = legendH + 40 + runs.length * PANEL_H;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="${W / 2}" y="36" text-anchor="middle" font-size="11">${esc(subtitle)}</text>`,
  ];
  const legend: [keyof typeof COLORS, string, string][] = [
    ['demand', 'true demand', ''],
    ['measured', 'measured load (2 s samples)', ''],
    ['decided', 'demand the policy decided on (forecast)', ''],
    ['allocated', 'allocated nodes × 100 Mbps', ''],
    ['serving', 'serving nodes × 100 Mbps', '5,3'],
    ['oracle', 'oracle nodes × 100 Mbps', '2,3'],
  ];
  legend.forEach(([k, label, dash], i) => {
    const lx = M.left + (i % 3) * 290;
    const ly = legendH + 10 + Math.floor(i / 3) * 16;
    out.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 22}" y2="${ly - 4}" stroke="${COLORS[k]}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    out.push(`<text x="${lx + 28}" y="${ly}">${esc(label)}</text>`);
  });
  runs.forEach((r, i) => {
    const y0 = legendH + 40 + i * PANEL_H;
    const x = (t: number): number => M.left + (t / tMax) * plotW;
    const y = (v: number): number => y0 + M.top + plotH - (Math.max(0, Math.min(yMax, v)) / yMax) * plotH;
    out.push(`<g>`);
    out.push(`<text x="${M.left}" y="${y0 + M.top - 8}" font-size="12" font-weight="bold">${esc(r.policy)}</text>`);
    for (let v = 0; v <= yMax; v += 100) {
      out.push(`<line x1="${M.left}" y1="${y(v).toFixed(1)}" x2="${W - M.right}" y2="${y(v).toFixed(1)}" stroke="#eeeeee"/>`);
      out.push(`<text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`);
    }
    for (let m = 0; m * 60 <= tMax; m += 2) {
      out.push(`<text x="${x(m * 60).toFixed(1)}" y="${y0 + M.top + plotH + 14}" text-anchor="middle">${m}</text>`);
    }
    out.push(`<text x="${W - M.right}" y="${y0 + M.top + plotH + 14}" text-anchor="end">min</text>`);
    out.push(`<text x="14" y="${y0 + M.top + plotH / 2}" transform="rotate(-90 14 ${y0 + M.top + plotH / 2})" text-anchor="middle">Mbps</text>`);
    out.push(`<rect x="${M.left}" y="${y0 + M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999999"/>`);
    const line = (pick: (p: TracePoint) => number | undefined, color: string, width: number, dash = ''): void => {
      let d = '';
      let pen = false;
      for (const p of r.trace) {
        const v = pick(p);
        if (v === undefined || !Number.isFinite(v)) {
          pen = false;
          continue;
        }
        // Whole pixels: the paths hold thousands of points and the chart is for the eye.
        d += `${pen ? 'L' : 'M'}${Math.round(x(p.t))},${Math.round(y(v))}`;
        pen = true;
      }
      out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    };
    const step = (pick: (p: TracePoint) => number, color: string, width: number, dash = ''): void => {
      let d = '';
      let prev: number | undefined;
      for (const p of r.trace) {
        const v = pick(p) * capacity;
        if (prev === undefined) d += `M${Math.round(x(p.t))},${Math.round(y(v))}`;
        else if (v !== prev) d += `H${Math.round(x(p.t))}V${Math.round(y(v))}`;
        prev = v;
      }
      out.push(`<path d="${d}H${Math.round(x(tMax))}" fill="none" stroke="${color}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    };
    line((p) => p.demand, COLORS.demand, 2.5);
    line((p) => p.measured, COLORS.measured, 0.8);
    line((p) => p.decided, COLORS.decided, 1.4);
    step((p) => p.oracle, COLORS.oracle, 1, '2,3');
    step((p) => p.serving, COLORS.serving, 1.6, '5,3');
    step((p) => p.allocated, COLORS.allocated, 1.8);
    out.push(`</g>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
