import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { LamaProcess, atExit } from '@lama/testkit/process';
import { freePort } from '@lama/testkit';
import { progress } from '../lib/progress.js';

const ETCD = '/usr/bin/etcd';

export interface EtcdServer {
  daemon: LamaProcess;
  /** http://127.0.0.1:PORT */
  clientUrl: string;
  version: string;
  dataDir: string;
  dispose(): Promise<void>;
}

/** Debian's etcd-server, installed when missing (the benchmark runs as root on Debian). */
export function ensureEtcd(): string {
  if (!existsSync(ETCD)) {
    progress('etcd missing: apt-get install etcd-server');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server'], { stdio: ['ignore', 2, 2] });
  }
  const out = execFileSync(ETCD, ['--version'], { encoding: 'utf8' });
  return /etcd Version:\s*(\S+)/.exec(out)?.[1] ?? out.split('\n')[0];
}

/** A single-member etcd on 127.0.0.1 with a temp data dir; resolves when it answers. */
export async function startEtcd(): Promise<EtcdServer> {
  const version = ensureEtcd();
  const dataDir = mkdtempSync(join(tmpdir(), 'lama-bench-etcd-'));
  const clientPort = await freePort();
  let peerPort = await freePort();
  while (peerPort === clientPort) peerPort = await freePort();
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const daemon = LamaProcess.spawn(ETCD, [
    '--name', 'default',
    '--data-dir', dataDir,
    '--listen-client-urls', clientUrl,
    '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl,
    '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', `default=${peerUrl}`,
    '--initial-cluster-state', 'new',
    '--logger', 'zap',
    '--log-level', 'warn',
  ], { name: 'etcd', keepLines: 100 });
  const forgetDir = atExit(() => rmSync(dataDir, { recursive: true, force: true }));
  const dispose = async (): Promise<void> => {
    await daemon.stop();
    rmSync(dataDir, { recursive: true, force: true });
    forgetDir();
  };
  try {
    const probe = new Etcd3({ hosts: clientUrl });
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        daemon.assertAlive();
        try {
          await probe.get('/probe').string();
          break;
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`etcd did not answer on ${clientUrl} within 20 s: ${(err as Error).message}; stderr: ${daemon.stderr}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    } finally {
      probe.close();
    }
    return { daemon, clientUrl, version, dataDir, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
