const t0 = performance.now();

/** Progress for the human watching: stderr, so stdout stays one JSON document. */
export function progress(message: string): void {
  process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}
