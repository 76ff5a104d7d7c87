import { writeFileSync } from 'node:fs';

/** One line of the chart: (N, seconds) points. */
export interface Series {
  label: string;
  points: [number, number][];
  dashed: boolean;
}

const W = 640;
const H = 400;
const M = { left: 60, right: 20, top: 40, bottom: 110 };
const COLORS = ['#c0392b', '#4a7fc1', '#e8871e', '#27ae60'];
const esc = (s: string): string => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Writes a Fig. 5-style chart (seconds against new nodes, one line per set and mode) as SVG. */
export function writeChart(file: string, series: readonly Series[], title: string): void {
  const xMax = Math.max(...series.flatMap((s) => s.points.map((p) => p[0])));
  const yMax = Math.ceil(Math.max(...series.flatMap((s) => s.points.map((p) => p[1]))) * 1.1 / 10) * 10 || 10;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (n: number): number => M.left + (n / xMax) * pw;
  const y = (s: number): number => M.top + ph - (s / yMax) * ph;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${M.left}" y1="${M.top + ph}" x2="${M.left + pw}" y2="${M.top + ph}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + ph}" stroke="black"/>`,
    `<text x="${M.left + pw / 2}" y="${M.top + ph + 32}" text-anchor="middle">new nodes deployed at once (N)</text>`,
    `<text x="16" y="${M.top + ph / 2}" text-anchor="middle" transform="rotate(-90 16 ${M.top + ph / 2})">total deployment time (s)</text>`,
  ];
  for (let n = 0; n <= xMax; n++) out.push(`<text x="${x(n)}" y="${M.top + ph + 16}" text-anchor="middle">${n}</text>`);
  for (let k = 0; k <= 5; k++) {
    const v = (yMax * k) / 5;
    out.push(`<line x1="${M.left}" y1="${y(v)}" x2="${M.left + pw}" y2="${y(v)}" stroke="#eeeeee"/>`, `<text x="${M.left - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  }
  series.forEach((s, i) => {
    const color = COLORS[Math.floor(i / 2) * 2 % COLORS.length + (i % 2)] ?? 'black';
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${s.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')}"/>`);
    for (const p of s.points) out.push(`<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="3" fill="${color}"><title>${esc(`${s.label}: N=${p[0]}, ${p[1]} s`)}</title></circle>`);
    const ly = M.top + ph + 50 + i * 15;
    out.push(`<line x1="${M.left}" y1="${ly - 4}" x2="${M.left + 30}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`, `<text x="${M.left + 38}" y="${ly}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  writeFileSync(file, `${out.join('\n')}\n`);
}
