import type { Decision, DecideInput, DecisionInputs, PoolNode } from './decision.js';

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** The node's capacity, or the config's C. */
function capacityOf(node: PoolNode, c: number): number {
  return node.capacity ?? c;
}

/** True when the node counts in N: serving and not being released, or being added. */
export function counted(node: PoolNode): boolean {
  return node.pending === 'adding' || (node.serving && node.pending !== 'releasing');
}

/** The summed load of the serving nodes, releasing ones included (a node that reported no load counts 0). */
export function servingSum(nodes: readonly PoolNode[]): number {
  return nodes.filter((n) => n.serving).reduce((a, n) => a + (Number.isFinite(n.load) ? n.load : 0), 0);
}

/** The idle node with the role to add: largest capacity, then least background load, then name. */
export function pickIdle(nodes: readonly PoolNode[], role: string, c: number): PoolNode | undefined {
  return nodes
    .filter((n) => n.idle && !n.serving && n.pending === undefined && (n.roles === undefined || n.roles.includes(role)))
    .sort((a, b) => capacityOf(b, c) - capacityOf(a, c) || a.load - b.load || a.name.localeCompare(b.name))[0];
}

/** The serving node to release: the least utilised (load / capacity), then name; nodes with an operation pending are skipped. */
export function pickVictim(nodes: readonly PoolNode[], c: number): PoolNode | undefined {
  return nodes
    .filter((n) => n.serving && n.pending === undefined)
    .sort((a, b) => a.load / capacityOf(a, c) - b.load / capacityOf(b, c) || a.name.localeCompare(b.name))[0];
}

/**
 * Algorithm 1 of the LAMA paper for one period, as a pure function: compare the demand (the
 * forecast, or the sum of the nodes' loads) with N · C; above upper · N · C add an idle
 * capable node, below lower · (N − 1) · C release the least-utilised one. N counts nodes
 * being added (so one shortfall is not ordered twice while they start) but the release
 * test counts only serving ones (a node still starting carries nothing). Around it: the
 * partition hold, min/max nodes, and the cooldowns.
 */
export function decide(input: DecideInput): Decision {
  const { config: cfg, nodes, now } = input;
  const C = cfg.capacityPerNode;
  const counting = nodes.filter(counted);
  const n = counting.length;
  const total = counting.reduce((s, node) => s + capacityOf(node, C), 0);
  const servingNodes = nodes.filter((node) => node.serving && node.pending !== 'releasing');
  const servingCapacity = servingNodes.reduce((s, node) => s + capacityOf(node, C), 0);
  const sum = servingSum(nodes);
  const forecast = finite(input.forecast);
  const level = finite(input.level);
  const demand = forecast !== undefined ? Math.max(forecast, level ?? -Infinity) : (level ?? sum);
  const victim = pickVictim(nodes, C);
  const idle = pickIdle(nodes, cfg.role, C);
  const inputs: DecisionInputs = {
    role: cfg.role,
    metric: cfg.metric,
    sum,
    ...(forecast !== undefined && { forecast }),
    ...(level !== undefined && { level }),
    demand,
    n,
    serving: servingNodes.length,
    adding: nodes.filter((node) => node.pending === 'adding').length,
    capacity: C,
    total,
    servingCapacity,
    upper: cfg.upper,
    lower: cfg.lower,
    upperBound: cfg.upper * total,
    ...(victim && { lowerBound: cfg.lower * (servingCapacity - capacityOf(victim, C)) }),
    minNodes: cfg.minNodes,
    maxNodes: cfg.maxNodes,
    ...(input.holdReason !== undefined && { holdReason: input.holdReason }),
  };
  const hold = (reason: string): Decision => ({ at: now, action: 'hold', reason, inputs });
  const what = `${forecast !== undefined ? 'forecast' : 'sum'} ${fmt(demand)}`;

  if (input.holdReason !== undefined) return hold(`hold: ${input.holdReason}`);

  const add = (why: string, bypassCooldown: boolean): Decision => {
    if (n >= cfg.maxNodes) return hold(`${why}, but N = ${n} is maxNodes`);
    const until = (input.lastAddAt ?? -Infinity) + cfg.cooldownAddMs;
    if (!bypassCooldown && now < until) return hold(`${why}, but adds cool down for ${Math.ceil((until - now) / 1000)} s more`);
    if (!idle) return hold(`${why}, but no idle node has role ${cfg.role}`);
    return { at: now, action: 'add', node: idle.name, reason: why, inputs };
  };
  const release = (why: string, bypassCooldown: boolean): Decision => {
    if (!victim) return hold(`${why}, but no serving node is free to release`);
    if (n - 1 < cfg.minNodes) return hold(`${why}, but N = ${n} is minNodes`);
    const last = Math.max(input.lastAddAt ?? -Infinity, input.lastReleaseAt ?? -Infinity);
    const until = last + cfg.cooldownReleaseMs;
    if (!bypassCooldown && now < until) return hold(`${why}, but releases cool down for ${Math.ceil((until - now) / 1000)} s more`);
    return { at: now, action: 'release', node: victim.name, reason: why, inputs };
  };

  // Bounds are configuration, not load: they override the thresholds and the cooldowns.
  if (n < cfg.minNodes) return add(`N = ${n} is below minNodes ${cfg.minNodes}`, true);
  if (n > cfg.maxNodes) return release(`N = ${n} is above maxNodes ${cfg.maxNodes}`, true);
  if (input.replacing !== undefined) return add(`replaces failed node ${input.replacing}`, true);

  if (demand > inputs.upperBound) {
    const why = `${what} > ${cfg.upper} × ${fmt(total)} = ${fmt(inputs.upperBound)}`;
    // Persistence: above the bound on every decision for addConfirmMs, so one noisy or
    // overshooting forecast orders nothing.
    const held = now - (input.aboveSince ?? now);
    if (held < cfg.addConfirmMs && n < cfg.maxNodes) return hold(`${why}, but only for ${fmt(held / 1000)} s of the ${fmt(cfg.addConfirmMs / 1000)} s it must last`);
    return add(why, false);
  }
  if (victim && inputs.lowerBound !== undefined && demand < inputs.lowerBound) {
    return release(`${what} < ${cfg.lower} × (${fmt(servingCapacity)} − ${fmt(capacityOf(victim, C))}) = ${fmt(inputs.lowerBound)}`, false);
  }
  return hold(`${what} within [${fmt(inputs.lowerBound ?? 0)}, ${fmt(inputs.upperBound)}]`);
}

function finite(x: number | undefined): number | undefined {
  return x !== undefined && Number.isFinite(x) ? x : undefined;
}
