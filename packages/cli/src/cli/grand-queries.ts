import type { Command } from 'commander';
import { clientCommand } from './discovery-flags.js';
import type { LamaCommand } from './options.js';

function queryCommand(name: string, description: string): LamaCommand {
  return clientCommand(name, description, "a credential with role 'controller' or 'monitor'",
    { flag: '--grand <host:port>', help: "the grand agent's endpoint (skips finding it through the pool)" });
}

/** `lama alerts`, `lama decisions`, `lama pool`: read the grand agent. */
export function grandQueryCommands(): Command[] {
  const alerts = queryCommand('alerts', "list the grand agent's alerts (lease-expired, partition, partition-cleared, deployment-failed)")
    .option('--follow', 'keep printing new alerts as they are raised (Ctrl-C to stop)', false);
  alerts.action(async () => {
    await (await import('./grand-queries-action.js')).runAlerts(alerts);
  });
  const decisions = queryCommand('decisions', "list the allocator's decisions with their inputs (sum or forecast, N, thresholds)")
    .option('--service <name>', 'only this service')
    .option('--all', 'include holds (default: only adds and releases, dry-run ones included)', false);
  decisions.action(async () => {
    await (await import('./grand-queries-action.js')).runDecisions(decisions);
  });
  const pool = queryCommand('pool', "show the grand agent's view: each service's N, load and forecast, and every node");
  pool.action(async () => {
    await (await import('./grand-queries-action.js')).runPool(pool);
  });
  return [alerts, decisions, pool];
}
