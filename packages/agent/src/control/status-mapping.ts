import { formatParam, type ParamSpec as SdkParamSpec } from '@lama/adapters';
import type { ParamSpec } from '../generated/lama/agent/v1/ParamSpec.js';
import type { NodeStatus } from '../generated/lama/agent/v1/NodeStatus.js';
import type { NodeMetrics } from '../metrics/types.js';

/** A parameter spec on the wire. */
export function formatSpec(name: string, spec: SdkParamSpec): ParamSpec {
  return { name, type: spec.type, description: spec.description, allowed: [...(spec.allowed ?? [])], defaultValue: formatParam(spec.default) };
}

/** The metrics part of NodeStatus. */
export function metricsToWire(m: NodeMetrics): Omit<NodeStatus, 'node' | 'adapters' | 'capacity' | 'version' | 'uptimeMs'> {
  return {
    atMs: m.at, intervalMs: m.intervalMs, cpuUtilization: m.cpuUtilization, cpuCount: m.cpuCount,
    interfaces: m.interfaces.map((i) => ({ name: i.name, rxBitsPerSec: i.rxBitsPerSec, txBitsPerSec: i.txBitsPerSec, rxBytes: i.rxBytes, txBytes: i.txBytes })),
    rxBitsPerSec: m.rxBitsPerSec, txBitsPerSec: m.txBitsPerSec,
    disks: m.disks.map((d) => ({ path: d.path, totalBytes: d.totalBytes, usedBytes: d.usedBytes, freeBytes: d.freeBytes })),
    loadAverage: [...m.loadAverage], memory: { ...m.memory },
  };
}
