import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LamaProcess, lamaSync as runLama } from '@lama/testkit/process';

export { LAMA_BIN, LamaProcess, type LogLine } from '@lama/testkit/process';

/** The repository root (test/dist/helpers -> root). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Discovery confined to this machine; every lama process a test starts gets these unless it overrides them. */
export const LOOPBACK_MDNS_ENV = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.99', LAMA_MDNS_PORT: '15999' } as const;

/** Runs `lama ARGS` to completion (discovery on loopback) and returns its output. */
export function lamaSync(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return runLama(args, { ...LOOPBACK_MDNS_ENV, ...env });
}

/** Starts `lama ARGS` through the one process wrapper, discovery on loopback. */
export function startLama(args: string[], env: NodeJS.ProcessEnv = {}): LamaProcess {
  return LamaProcess.start(args, { env: { ...LOOPBACK_MDNS_ENV, ...env } });
}

/** Starts `lama lookup` on a free loopback port and waits until it listens. */
export async function startLookup(credentialFile: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ proc: LamaProcess; endpoint: string }> {
  const proc = startLama(['lookup', '--credential', credentialFile, '--listen', '127.0.0.1:0', ...extra], env);
  const line = await proc.waitForLog((l) => l.msg === 'lookup service listening');
  return { proc, endpoint: String(line.endpoint) };
}
