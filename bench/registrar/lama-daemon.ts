import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createPoolKey, issueCredential, writeCredential, type Credential } from '@lama/lookup';
import { atExit, Daemon } from '../lib/child.js';
import { repoRoot } from '../lib/paths.js';

export interface LamaLookup {
  daemon: Daemon;
  endpoint: string;
  /** An 'agent' credential of the same pool, for every simulated agent. */
  agent: Credential;
  /** The same credential in a file, for client processes. */
  agentFile: string;
  dispose(): Promise<void>;
}

/** Starts the real `lama lookup` daemon on 127.0.0.1 with a throwaway pool. */
export async function startLamaLookup(maxLeaseMs: number): Promise<LamaLookup> {
  const dir = mkdtempSync(join(tmpdir(), 'lama-bench-'));
  const pool = createPoolKey();
  const credFile = join(dir, 'lookup.cred');
  writeCredential(credFile, issueCredential(pool, { name: 'bench-lookup', roles: ['lookup'], validDays: 1 }));
  const agent = issueCredential(pool, { name: 'bench-agents', roles: ['agent'], validDays: 1 });
  const agentFile = join(dir, 'agents.cred');
  writeCredential(agentFile, agent);
  const child = spawn(process.execPath, [
    join(repoRoot, 'packages/grand-agent/bin/lama.js'), 'lookup',
    '--credential', credFile,
    '--listen', '127.0.0.1:0',
    '--max-lease-ms', String(maxLeaseMs),
    // The registrar benchmark needs no discovery: no multicast at all (never the LAN default).
    '--no-multicast',
    // Not 'warn': the daemon logs its bound endpoint at info, and port 0 leaves no other way to learn it.
    // At info it logs nothing per registration or renewal, only per removal.
    '--log-level', 'info',
  ], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const daemon = new Daemon('lama lookup', child);
  const forgetDir = atExit(() => rmSync(dir, { recursive: true, force: true }));
  const dispose = async (): Promise<void> => {
    await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
    forgetDir();
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`lama lookup did not report its endpoint within 20 s; stderr: ${daemon.stderr}`)), 20_000);
      child.once('exit', (code) => reject(new Error(`lama lookup exited with code ${code} before listening; stderr: ${daemon.stderr}`)));
      // Every stdout line is a pino JSON record; warnings after startup are kept for the report.
      createInterface({ input: child.stdout }).on('line', (line) => {
        let rec: { msg?: string; endpoint?: string } = {};
        try {
          rec = JSON.parse(line) as typeof rec;
        } catch {
          return;
        }
        if (rec.msg === 'lookup service listening' && rec.endpoint) {
          clearTimeout(timer);
          resolve(rec.endpoint);
        } else if (rec.msg && rec.msg !== 'item removed') {
          process.stderr.write(`lama lookup: ${line}\n`);
        }
      });
    });
    if (!endpoint.startsWith('127.0.0.1:')) throw new Error(`lama lookup bound ${endpoint}, not 127.0.0.1`);
    return { daemon, endpoint, agent, agentFile, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
