import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPoolKey, issueCredential, writeCredential, type Credential, type Transport } from '@lama/lookup';
import { LamaProcess, atExit } from '@lama/testkit/process';
import { repoRoot } from '../lib/paths.js';
import { transportEnv } from '../lib/transport.js';

export interface LamaLookup {
  daemon: LamaProcess;
  endpoint: string;
  /** An 'agent' credential of the same pool, for every simulated agent. */
  agent: Credential;
  /** The same credential in a file, for client processes. */
  agentFile: string;
  transport: Transport;
  dispose(): Promise<void>;
}

/** Starts the real `lama lookup` daemon on 127.0.0.1 with a throwaway pool, serving over `transport`. */
export async function startLamaLookup(maxLeaseMs: number, transport: Transport): Promise<LamaLookup> {
  const dir = mkdtempSync(join(tmpdir(), 'lama-bench-'));
  const pool = createPoolKey();
  const credFile = join(dir, 'lookup.cred');
  writeCredential(credFile, issueCredential(pool, { name: 'bench-lookup', roles: ['lookup'], validDays: 1 }));
  const agent = issueCredential(pool, { name: 'bench-agents', roles: ['agent'], validDays: 1 });
  const agentFile = join(dir, 'agents.cred');
  writeCredential(agentFile, agent);
  const daemon = LamaProcess.start([
    'lookup',
    '--credential', credFile,
    '--listen', '127.0.0.1:0',
    '--max-lease-ms', String(maxLeaseMs),
    // Every benchmark item belongs to one credential: lift the per-credential limits past the bench's scale.
    '--max-items-per-owner', '1000000', '--max-bytes-per-owner', String(2 ** 31),
    // The registrar benchmark needs no discovery: no multicast at all (never the LAN default).
    '--no-multicast',
    // Not 'warn': the daemon logs its bound endpoint at info, and port 0 leaves no other way to learn it.
    // At info it logs nothing per registration or renewal, only per removal.
    '--log-level', 'info',
  // It logs every removal: keep few lines, the endpoint is caught as it arrives.
  ], { name: `lama lookup (${transport})`, cwd: repoRoot, keepLines: 100, env: transportEnv(transport) });
  const forgetDir = atExit(() => rmSync(dir, { recursive: true, force: true }));
  const dispose = async (): Promise<void> => {
    await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
    forgetDir();
  };
  try {
    // Every stdout line is a pino JSON record; what is not the endpoint nor a removal is worth seeing.
    daemon.onLog((rec) => {
      if (rec.msg && rec.msg !== 'item removed' && rec.msg !== 'lookup service listening') process.stderr.write(`lama lookup: ${JSON.stringify(rec)}\n`);
    });
    const line = await daemon.waitForLog((rec) => rec.msg === 'lookup service listening' && Boolean(rec.endpoint), 20_000, 'lookup service listening');
    const endpoint = String(line.endpoint);
    if (!endpoint.startsWith('127.0.0.1:')) throw new Error(`lama lookup bound ${endpoint}, not 127.0.0.1`);
    return { daemon, endpoint, agent, agentFile, transport, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
