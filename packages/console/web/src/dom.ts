/** Creates an element with attributes and children (text or elements); no innerHTML anywhere. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** The element of this id (the page's skeleton is in index.html). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} is missing from the page`);
  return e as T;
}

/** 12.3 Mb/s, 800 kb/s. */
export function bits(bps: number): string {
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(1)} Mb/s`;
  return `${(bps / 1e3).toFixed(0)} kb/s`;
}

/** A time as HH:MM:SS. */
export function clock(t: string | number): string {
  return new Date(t).toISOString().slice(11, 19);
}
