import { childPids, isRunning } from '@lama/testkit';
import type { LamaProcess } from './lama-process.js';

/**
 * Stops every process (SIGTERM), then kills any icecast2 child of the agents that outlived
 * them, and throws naming those: a SIGTERMed agent must stop its icecast2 itself.
 */
export async function stopAgentsAndIcecasts(agents: LamaProcess[], procs: LamaProcess[]): Promise<void> {
  // The agents' icecast children, found before the agents go.
  const icecasts = agents.flatMap((p) => childPids(p.child.pid, 'icecast2'));
  await Promise.all(procs.map((p) => p.stop('SIGTERM', 10_000)));
  const left = icecasts.filter(isRunning);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  if (left.length) throw new Error(`icecast2 processes outlived their agents (now killed): ${left.join(', ')}`);
}
