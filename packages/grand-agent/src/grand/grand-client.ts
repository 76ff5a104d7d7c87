import * as grpc from '@grpc/grpc-js';
import { Observable } from 'rxjs';
import { credentialInterceptor, loadProto, type Credential } from '@lama/lookup';
import type { Alert } from '../alerts/alert.js';
import type { ProtoGrpcType } from '../generated/grand.js';
import type { GrandClient as WireClient } from '../generated/lama/grand/v1/Grand.js';
import type { PoolView__Output } from '../generated/lama/grand/v1/PoolView.js';
import { alertFromWire, decisionFromWire, type DecisionJson } from './grand-wire.js';

export type RemotePool = PoolView__Output;

let wire: ProtoGrpcType['lama']['grand']['v1']['Grand'] | undefined;
const wireClass = (): ProtoGrpcType['lama']['grand']['v1']['Grand'] => (wire ??= loadProto<ProtoGrpcType>('grand').grpcObject.lama.grand.v1.Grand);

/** Promise / Observable client of a grand agent's API. */
export class GrandClient {
  private readonly client: WireClient;

  constructor(readonly endpoint: string, credential: Credential, private readonly timeoutMs = 10_000) {
    const Ctor = wireClass();
    this.client = new Ctor(endpoint, grpc.credentials.createInsecure(), { interceptors: [credentialInterceptor(credential)] });
  }

  private unary<Res>(method: 'ListAlerts' | 'ListDecisions' | 'Pool', req: object): Promise<Res> {
    return new Promise((resolve, reject) => {
      const fn = (this.client as unknown as Record<string, (r: object, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v?: Res) => void) => void>)[method];
      fn.call(this.client, req, { deadline: Date.now() + this.timeoutMs }, (e, v) => (e ? reject(e) : resolve(v as Res)));
    });
  }

  async alerts(afterId = 0): Promise<Alert[]> {
    const r = await this.unary<{ alerts: Parameters<typeof alertFromWire>[0][] }>('ListAlerts', { afterId });
    return r.alerts.map(alertFromWire);
  }

  async decisions(o: { service?: string; actionsOnly?: boolean; sinceMs?: number } = {}): Promise<DecisionJson[]> {
    const r = await this.unary<{ decisions: Parameters<typeof decisionFromWire>[0][] }>('ListDecisions', o);
    return r.decisions.map(decisionFromWire);
  }

  pool(): Promise<RemotePool> {
    return this.unary('Pool', {});
  }

  /** New alerts as they are raised (after replaying those with id > afterId; -1 replays none). */
  watchAlerts(afterId = -1): Observable<Alert> {
    return new Observable((subscriber) => {
      const call = this.client.WatchAlerts({ afterId });
      call.on('data', (a: Parameters<typeof alertFromWire>[0]) => subscriber.next(alertFromWire(a)));
      call.on('error', (err: grpc.ServiceError) => { if (err.code !== grpc.status.CANCELLED) subscriber.error(err); });
      call.on('end', () => subscriber.complete());
      return () => call.cancel();
    });
  }

  close(): void {
    this.client.close();
  }
}
