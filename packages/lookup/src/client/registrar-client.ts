import * as grpc from '@grpc/grpc-js';
import type { Observable } from 'rxjs';
import type { Credential } from '../credentials/certificate.js';
import type { RegistrarClient as WireClient } from '../generated/lama/lookup/v1/Registrar.js';
import type { RenewResult__Output } from '../generated/lama/lookup/v1/RenewResult.js';
import type { WatchEvent__Output } from '../generated/lama/lookup/v1/WatchEvent.js';
import type { Entry, ServiceItem, ServiceTemplate } from '../registry/item.js';
import type { LeaseGrant } from '../registry/registrar.js';
import type { UnicastDiscover } from '../discovery/discovery-manager.js';
import { RpcError } from '../errors.js';
import { RpcClient, type RpcClientOptions } from '../rpc/rpc-client.js';
import { lookupPackage } from '../wire/proto.js';

/** Where and how to reach one lookup service (timeoutMs defaults to 10 s). */
export type RegistrarClientOptions = RpcClientOptions;

/** A renewal's outcome; code is a gRPC status code (0 = OK). */
export type RenewOutcome = RenewResult__Output;
/** A watch event as received. */
export type RemoteWatchEvent = WatchEvent__Output;

export interface WatchParams {
  transitions?: ('MATCH_NOMATCH' | 'NOMATCH_MATCH' | 'MATCH_MATCH')[];
  resume?: { registrarId: string; revision: number };
  /** Also receive LEASE_RENEWED at each renewal of a matching item. */
  leaseRenewals?: boolean;
}

/** One bidi stream that renews any number of leases. */
export interface KeepAliveStream {
  renew(leaseId: string, durationMs: number): Promise<RenewOutcome>;
  close(): void;
}

/** Promise / Observable client of one lookup service's Registrar. */
export class RegistrarClient extends RpcClient<WireClient> {
  constructor(readonly options: RegistrarClientOptions) {
    // Whatever else is expected, the peer must be a lookup service of the pool.
    super(lookupPackage().grpcObject.lama.lookup.v1.Registrar, { ...options, expect: { role: 'lookup', ...options.expect } });
  }

  /** Registers an item (service ID assigned when empty); resolves with the ID and granted lease. */
  async register(item: Partial<ServiceItem>, leaseMs: number): Promise<{ serviceId: string; lease: LeaseGrant }> {
    const res = await this.unary<{ serviceId: string; lease: LeaseGrant }>('Register', { item, leaseMs });
    return { serviceId: res.serviceId, lease: { leaseId: res.lease.leaseId, durationMs: res.lease.durationMs } };
  }

  /** Renews one lease; resolves with the granted duration. */
  async renew(leaseId: string, durationMs: number): Promise<number> {
    return (await this.unary<{ durationMs: number }>('Renew', { leaseId, durationMs })).durationMs;
  }

  /** Renews many leases in one call; one outcome per lease. */
  async renewBatch(renewals: { leaseId: string; durationMs: number }[]): Promise<RenewOutcome[]> {
    return (await this.unary<{ results: RenewOutcome[] }>('RenewBatch', { renewals })).results;
  }

  /** Cancels a lease: the item is removed at once. */
  async cancel(leaseId: string): Promise<void> {
    await this.unary('Cancel', { leaseId });
  }

  /** Items matching the template (at most maxMatches; 0 for all), the total that match, and each item's remaining lease. */
  async lookup(template: ServiceTemplate = {}, maxMatches = 0): Promise<{ items: ServiceItem[]; total: number; leaseRemainingMs: number[] }> {
    return this.unary('Lookup', { template, maxMatches });
  }

  /** Unicast discovery: the lookup service's signed description, bound to nonce. */
  async discover(nonce: string): Promise<Record<string, string>> {
    return (await this.unary<{ fields: Record<string, string> }>('Discover', { nonce })).fields;
  }

  /** The lookup service's revocation list, if newer than haveVersion (else list is ''). */
  revocations(haveVersion = 0): Promise<{ version: number; list: string; signature: string }> {
    return this.unary('Revocations', { haveVersion });
  }

  /** Hands the lookup service a newer signed revocation list (role controller); resolves with what it now holds. */
  publishRevocations(signed: { list: string; signature: string }): Promise<{ version: number; list: string; signature: string }> {
    return this.unary('PublishRevocations', { version: 0, list: signed.list, signature: signed.signature });
  }

  async addAttributes(serviceId: string, attributes: Entry[]): Promise<ServiceItem> {
    return (await this.unary<{ item: ServiceItem }>('AddAttributes', { serviceId, attributes })).item;
  }

  async setAttributes(serviceId: string, attributes: Entry[]): Promise<ServiceItem> {
    return (await this.unary<{ item: ServiceItem }>('SetAttributes', { serviceId, attributes })).item;
  }

  async modifyAttributes(serviceId: string, templates: Entry[], changes: (Entry | { type: ''; fields: Record<string, never> })[]): Promise<ServiceItem> {
    return (await this.unary<{ item: ServiceItem }>('ModifyAttributes', { serviceId, templates, changes })).item;
  }

  /** Streams watch events; unsubscribing cancels the stream. */
  watch(template: ServiceTemplate = {}, params: WatchParams = {}): Observable<RemoteWatchEvent> {
    return this.serverStream(() => this.wire.Watch({
      template,
      transitions: params.transitions ?? [],
      resumeAfterRevision: params.resume?.revision ?? 0,
      resumeRegistrarId: params.resume?.registrarId ?? '',
      leaseRenewals: params.leaseRenewals ?? false,
    }));
  }

  /** Opens a keep-alive stream; outcomes come back in request order per lease. */
  keepAlive(): KeepAliveStream {
    const call = this.wire.KeepAlive();
    const waiting = new Map<string, ((r: RenewOutcome) => void)[]>();
    let failure: Error | undefined;
    const rejectAll = (err: Error): void => {
      failure = err;
      for (const [leaseId, list] of waiting) for (const resolve of list) resolve({ leaseId, durationMs: 0, code: (err as grpc.ServiceError).code ?? grpc.status.UNAVAILABLE, message: err.message, errorCode: '' });
      waiting.clear();
    };
    call.on('data', (r: RenewOutcome) => {
      const list = waiting.get(r.leaseId);
      const resolve = list?.shift();
      if (list && list.length === 0) waiting.delete(r.leaseId);
      resolve?.(r);
    });
    call.on('error', (err) => rejectAll(err));
    call.on('end', () => rejectAll(new RpcError('keep-alive stream ended')));
    return {
      renew: (leaseId, durationMs) =>
        new Promise((resolve) => {
          if (failure) return resolve({ leaseId, durationMs: 0, code: grpc.status.UNAVAILABLE, message: failure.message, errorCode: '' });
          const list = waiting.get(leaseId) ?? [];
          list.push(resolve);
          waiting.set(leaseId, list);
          call.write({ leaseId, durationMs });
        }),
      close: () => {
        call.end();
        call.cancel();
      },
    };
  }

}

/**
 * DiscoveryManager's unicastDiscover over gRPC: one channel per locator, kept for good (a
 * thousand joiners opening a TLS connection each every interval was most of a lookup
 * service's work, and a process starved of CPU that dropped a channel after a missed
 * deadline paid a handshake for every next check). Reconnection backs off to 5 s at most, so
 * a restarted lookup service is seen again within that.
 */
export function unicastDiscoverVia(credential: Credential, timeoutMs = 2000): UnicastDiscover {
  const clients = new Map<string, RegistrarClient>();
  const discover = async (endpoint: string, nonce: string): Promise<Record<string, string>> => {
    let client = clients.get(endpoint);
    if (!client) clients.set(endpoint, (client = new RegistrarClient({ endpoint, credential, timeoutMs, channelOptions: { 'grpc.max_reconnect_backoff_ms': 5000 } })));
    return client.discover(nonce);
  };
  return Object.assign(discover, {
    close: () => {
      for (const c of clients.values()) c.close();
      clients.clear();
    },
  });
}
