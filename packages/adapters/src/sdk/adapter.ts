import type { Clock } from '@lama/lookup';
import { z } from 'zod';
import { parseOptions } from './options.js';
import type { ProcessGroupLedger } from './service-process.js';
import { checkSpecs, type ParamSpecs, type ParamValue } from './params.js';

/** Where an adapter writes its log lines (the agent routes them to its logger). */
export interface AdapterLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** What the agent gives an adapter instance. */
export interface AdapterContext {
  /** The instance name from the agent's config (e.g. "web"). */
  name: string;
  /** Tell the agent the managed service stopped or failed by itself (not through stop()). */
  exited(reason: string): void;
  log: AdapterLogger;
  /** A directory the adapter may write runtime files into (configs, pid files). */
  stateDir: string;
  /** The agent's clock: adapters take the time and their timers only from it (tests run them on virtual time). */
  clock: Clock;
  /** The agent's ledger of process groups: pass it to spawnService (absent outside an agent). */
  processGroups?: ProcessGroupLedger;
}

/** Numbers for Status, e.g. { listeners: 12, bits_per_sec: 1.5e6 }. */
export type AdapterMetrics = Record<string, number>;

/** One running adapter: controls one legacy service without modifying it. */
export interface AdapterInstance {
  /** Starts the service; resolves once it really serves (health-checked), rejects with the reason otherwise. */
  start(): Promise<void>;
  /** Stops the service; resolves once it is down. */
  stop(): Promise<void>;
  /** The service's current metrics. */
  status(): Promise<AdapterMetrics>;
  /** Applies checked parameter values, all or nothing: on failure the old values stay in effect. */
  set(values: Record<string, ParamValue>): Promise<void>;
  /** Current parameter values. */
  params(): Record<string, ParamValue>;
  /** Releases everything (called when the agent stops, after stop()). */
  close?(): Promise<void>;
  /**
   * What Status shows while STOPPED (default: no metrics, no message), read once after stop():
   * e.g. what a cleaning kept and why.
   */
  stoppedStatus?(): { metrics: AdapterMetrics; message?: string };
}

// Method syntax keeps the option type bivariant, so any AdapterFactory<O> is an AdapterFactory.
type RolesOf<O> = { bivarianceHack(options: O): readonly string[] }['bivarianceHack'];
type SettableOf<O> = RolesOf<O>;

/** What an adapter author writes. */
export interface AdapterDefinition<O> {
  /** The adapter's type name, e.g. "process", "apache". */
  type: string;
  description: string;
  /** Roles a node gains by having this adapter, e.g. ["web-server"]; may depend on options. */
  roles: readonly string[] | RolesOf<O>;
  /** Settable parameters. */
  params: ParamSpecs;
  /**
   * The parameters a controller may Set under these options (default: all of params). An
   * adapter whose parameters can run code or reach files lets the operator's config choose.
   */
  settable?: SettableOf<O>;
  /** Validates raw options from the agent's config; throws InvalidOptionsError naming the key. */
  options(raw: unknown): O;
  /** Builds an instance; nothing should be started yet. */
  create(options: O, ctx: AdapterContext): AdapterInstance | Promise<AdapterInstance>;
}

/** A checked adapter definition, as modules export it. */
export interface AdapterFactory<O = unknown> extends AdapterDefinition<O> {
  readonly kind: 'lama-adapter';
  /** Roles for given options. */
  rolesFor(options: O): string[];
  /** The parameters Set may change under given options. */
  settableFor(options: O): string[];
}

/** Declares an adapter (js-libp2p / fastify style: one factory, validated options). */
export function defineAdapter<O>(definition: AdapterDefinition<O>): AdapterFactory<O> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.type)) throw new Error(`adapter type '${definition.type}' must be lowercase letters, digits and '-'`);
  checkSpecs(definition.type, definition.params);
  return {
    ...definition,
    kind: 'lama-adapter',
    rolesFor(options: O): string[] {
      const roles = typeof definition.roles === 'function' ? definition.roles(options) : definition.roles;
      return [...roles];
    },
    settableFor(options: O): string[] {
      const keys = definition.settable ? definition.settable(options) : Object.keys(definition.params);
      return keys.filter((k) => Object.prototype.hasOwnProperty.call(definition.params, k));
    },
  };
}

/** True when value is an adapter factory made by defineAdapter. */
export function isAdapterFactory(value: unknown): value is AdapterFactory {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'lama-adapter';
}

/** A helper for hand-written options(): checks that raw is an object with only the given keys (parseOptions with a schema of those keys). */
export function objectOptions(type: string, raw: unknown, known: readonly string[]): Record<string, unknown> {
  return parseOptions(type, z.strictObject(Object.fromEntries(known.map((k) => [k, z.unknown().optional()]))), raw);
}
