import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  table
} from "./chunk-25767RH4.js";

// packages/cli/dist/src/cli/format-pool.js
function leaseLeft(leaseExpiresMs, leaseMs, atMs) {
  if (!leaseExpiresMs || !leaseMs)
    return "-";
  const left = Math.max(0, leaseExpiresMs - atMs) / 1e3;
  return `${left.toFixed(1)}s/${(leaseMs / 1e3).toFixed(leaseMs % 1e3 === 0 ? 0 : 1)}s`;
}
function formatPool(p) {
  const n = (x) => Number.isInteger(x) ? String(x) : x.toFixed(1);
  const services = p.services.map((s) => [
    s.name,
    s.role,
    s.metric,
    s.predictor,
    String(s.n),
    n(s.sum),
    s.hasForecast ? n(s.forecast) : "-",
    `[${n(s.lowerBound)}, ${n(s.upperBound)}]`,
    s.serving.join(",") || "-",
    s.holdReason || (s.dryRun ? "dry run" : "")
  ]);
  const nodes = p.nodes.map((x) => [
    x.node,
    x.lifecycle || "-",
    leaseLeft(x.leaseExpiresMs, x.leaseMs, p.atMs),
    x.roles.join(",") || "-",
    x.serving || "-",
    x.pending || "",
    Object.entries(x.adapters).map(([k, v]) => `${k}:${v}`).join(" ") || "-",
    `${(x.cpuUtilization * 100).toFixed(0)}%`,
    Object.entries(x.loads).map(([k, v]) => `${k}=${n(v)}`).join(" ") || "-"
  ]);
  return [
    `grand agent ${p.grand}  lookups ${p.lookups.join(", ") || "-"}`,
    "",
    services.length ? table([["SERVICE", "ROLE", "METRIC", "PREDICTOR", "N", "SUM", "FORECAST", "BOUNDS", "SERVING", "HOLD"], ...services]) : "(no services configured)",
    "",
    nodes.length ? table([["NODE", "LIFECYCLE", "LEASE", "ROLES", "SERVES", "PENDING", "ADAPTERS", "CPU", "LOAD"], ...nodes]) : "(no agents registered)"
  ].join("\n");
}

export {
  formatPool
};
