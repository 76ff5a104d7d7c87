import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * With LAMA_BENCH_CPU_PROF=DIR, profiles this process over one timed window only (`node
 * --cpu-prof` would also take in the credentials issued before it) and writes DIR/NAME.cpuprofile.
 * Returns the function that stops the profile; a no-op without the variable.
 */
export async function profileWindow(name: string): Promise<() => Promise<void>> {
  const dir = process.env.LAMA_BENCH_CPU_PROF;
  if (!dir) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  };
}
