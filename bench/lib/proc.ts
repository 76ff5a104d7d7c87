import { readFileSync } from 'node:fs';
import { cpuSeconds, ticksPerSecond } from '@lama/testkit';

/** Busy and steal time of the whole machine in seconds, from /proc/stat. */
function machineSeconds(): { busy: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...; guest time is already inside user.
  const [user, nice, system, , , irq, softirq, steal] = f;
  return { busy: (user + nice + system + irq + softirq + steal) / ticksPerSecond(), steal: steal / ticksPerSecond() };
}

/** CPU over a window, in cores (1.0 = one core busy the whole window). */
export interface CpuCores {
  /** The server process, all threads. */
  server: number;
  /** The server's main thread alone: near 1.0 means a Node server's event loop is saturated. */
  serverMainThread: number;
  /** This benchmark process, which drives the load: near 1.0 means the client is the bottleneck. */
  benchClient: number;
  /** Everything on the machine, to show interference from other work. */
  machine: number;
  steal: number;
  /** Machine CPU used by neither the server nor this process: other work skewing the phase. */
  otherProcesses: number;
}

/** Measures CPU of a server process, of this process and of the machine over a window. */
export class CpuWindow {
  private readonly start = performance.now();
  private readonly server: number;
  private readonly main: number;
  private readonly self = process.cpuUsage();
  private readonly machine = machineSeconds();

  constructor(private readonly pid: number) {
    this.server = cpuSeconds(pid);
    this.main = cpuSeconds(pid, pid);
  }

  finish(): CpuCores {
    const seconds = (performance.now() - this.start) / 1000;
    const cores = (x: number): number => Number((x / seconds).toFixed(3));
    const self = process.cpuUsage(this.self);
    const m = machineSeconds();
    const server = cores(cpuSeconds(this.pid) - this.server);
    const benchClient = cores((self.user + self.system) / 1e6);
    const machine = cores(m.busy - this.machine.busy);
    return {
      server,
      serverMainThread: cores(cpuSeconds(this.pid, this.pid) - this.main),
      benchClient,
      machine,
      steal: cores(m.steal - this.machine.steal),
      otherProcesses: Math.max(0, Number((machine - server - benchClient).toFixed(3))),
    };
  }
}
