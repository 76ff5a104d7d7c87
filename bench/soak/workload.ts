// The soak's workload, run by the soak bench inside its listeners' namespace (`node
// bench/dist/soak/workload.js URL LISTENERS NET`): a constant number of real listeners
// through the dispatcher, with the demo's ListenerPool. Hosts are allowed on the lab's /24
// only (the namespaces have no route off the machine). One JSON line of counts every 5 s.
import { ListenerPool } from '@lama/cli/workload';

const [url, listeners, net] = process.argv.slice(2);
const target = Number(listeners);
if (!url || !net || !/^\d+\.\d+\.\d+$/.test(net) || !Number.isSafeInteger(target) || target < 1) {
  process.stderr.write('usage: node workload.js URL LISTENERS NET (NET: the lab\'s first three octets)\n');
  process.exit(2);
}
const pool = new ListenerPool({ url, maxAttemptsPerSec: 20, reopenDelayMs: 500, alsoAllowHost: (host) => host.startsWith(`${net}.`) });
pool.setTarget(target);
const report = (): void => {
  const c = pool.counts();
  process.stdout.write(`${JSON.stringify({ msg: 'listeners', time: Date.now(), ...c, lastError: c.lastError.slice(0, 200) })}\n`);
};
const timer = setInterval(report, 5000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    report();
    void pool.stop().finally(() => process.exit(0));
  });
}
