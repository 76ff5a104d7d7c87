// Preloaded (node --expose-gc --import) into ONE extra agent of the memory breakdown, never into
// the agents whose idle RSS and CPU are reported. SIGUSR2 (SIGUSR1 would start the inspector):
// the first forces full GCs and records V8's heap statistics; the second writes a heap snapshot
// (which itself costs a lot of memory, so the benchmark reads RSS in between).
import { renameSync, writeFileSync } from 'node:fs';
import v8 from 'node:v8';

const out = process.env.LAMA_BENCH_HEAP_PROBE;
if (out) {
  let signals = 0;
  const write = (path: string, value: unknown): void => {
    writeFileSync(`${path}.tmp`, JSON.stringify(value));
    renameSync(`${path}.tmp`, path);
  };
  process.on('SIGUSR2', () => {
    signals++;
    if (signals === 1) {
      const gc = (globalThis as { gc?: () => void }).gc;
      const before = process.memoryUsage();
      gc?.();
      gc?.();
      const afterGc = process.memoryUsage();
      const heapSpaces = v8.getHeapSpaceStatistics().map((s) => ({ space: s.space_name, usedBytes: s.space_used_size, committedBytes: s.space_size, physicalBytes: s.physical_space_size }));
      write(`${out}.stats`, { gcExposed: gc !== undefined, before, afterGc, heapSpaces, heap: v8.getHeapStatistics(), code: v8.getHeapCodeStatistics() });
    } else if (signals === 2) {
      write(`${out}.snapshot`, { path: v8.writeHeapSnapshot(`${out}.heapsnapshot`) });
    }
  });
}
