import dnsPacket from 'dns-packet';
import { SERVICE_TYPE, discoveryQuery, lookupResponse, signFields, type Credential, type Fields } from '@lama/lookup';
import type { AnnouncementCapture } from './announcement-capture.js';
import { predict, type Outcome } from './discovery-oracle.js';
import type { SeededRandom } from './seeded-random.js';

/** 'group': multicast to the discovery group; 'joiner': unicast to the joiners' query ports. */
export type Route = 'group' | 'joiner';

/** One packet of the flood and the counters it should move at each kind of receiver. */
export interface FuzzPacket {
  category: string;
  bytes: Buffer;
  route: Route;
  lookup: Outcome;
  joiner: Outcome;
}

/** A packet maker and its share of the flood. */
export type Weighted = [weight: number, make: () => FuzzPacket];

export interface FuzzCredentials {
  /** A genuine pool agent: its queries are valid and get answered. */
  member: Credential;
  /** An agent of another pool. */
  stranger: Credential;
  /** A lookup service of another pool. */
  strangerLookup: Credential;
  /** A pool agent whose certificate was edited to add role 'controller'. */
  forgedAgent: Credential;
  /** A pool agent whose certificate was edited to claim role 'lookup'. */
  forgedLookup: Credential;
}

/** The genuine lookup service under attack. */
export interface FuzzTarget {
  lookupId: string;
  /** Its DNS-SD instance label (credential name). */
  instance: string;
  endpoint: string;
  groups: string[];
}

export const QUERY_RECORD = `_q.${SERVICE_TYPE}`;
/** Far enough outside the receivers' 30 s freshness window. */
export const WINDOW_OUT_MS = 45_000;
/** A TXT string close to the 255-byte limit. */
export const PAD = 'x'.repeat(240);

/** A DNS name in wire form (length-prefixed labels, no compression). */
export function encodeName(name: string): Buffer {
  return Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
}

/** Shared by every attack: the randomness, the credentials, the target, and the library's own encoders and signers. */
export class FuzzKit {
  readonly host: string;
  readonly port: number;

  constructor(
    readonly rng: SeededRandom,
    readonly creds: FuzzCredentials,
    readonly target: FuzzTarget,
    readonly capture: AnnouncementCapture,
    /** Whether the joiners' query ports are known (else everything goes to the group). */
    readonly canUnicast: boolean,
  ) {
    const i = target.endpoint.lastIndexOf(':');
    this.host = target.endpoint.slice(0, i);
    this.port = Number(target.endpoint.slice(i + 1));
  }

  /** -1 or +1: a timestamp out of the window in the past or in the future. */
  sign(): number {
    return this.rng.next() < 0.5 ? -1 : 1;
  }

  queryFields(credential: Credential, over: Fields = {}): Fields {
    return signFields({ v: '1', k: 'query', n: this.rng.b64u(16), ts: String(Date.now()), g: '', ...over }, credential);
  }

  queryBytes(fields: Fields, groups: string[] = []): Buffer {
    return dnsPacket.encode(discoveryQuery(groups, fields));
  }

  /** Unsigned lookup-record fields that pass every structural check, claiming the genuine lookup service's ID. */
  announceFields(over: Fields = {}): Fields {
    return {
      v: '1', k: 'announce', id: this.target.lookupId, b: this.rng.b64u(12), ep: this.target.endpoint, g: this.target.groups.join(','),
      seq: String(Date.now() * 1000 + this.rng.int(0, 999_999)), ts: String(Date.now()), ai: '2000', ...over,
    };
  }

  signedAnnounce(credential: Credential, over: Fields = {}): Fields {
    return signFields(this.announceFields(over), credential);
  }

  responseBytes(fields: Fields, ttl = 6): Buffer {
    return dnsPacket.encode(lookupResponse({ instance: this.target.instance, host: this.host, port: this.port, groups: this.target.groups, fields, ttl }));
  }

  queryWithTxt(txt: Buffer[]): Buffer {
    return dnsPacket.encode({
      type: 'query', flags: 0, questions: [{ name: SERVICE_TYPE, type: 'PTR', class: 'IN' }],
      additionals: [{ name: QUERY_RECORD, type: 'TXT', ttl: 0, data: txt }],
    });
  }

  responseWithTxt(txt: Buffer[]): Buffer {
    const instanceName = `${this.target.instance}.${SERVICE_TYPE}`;
    return dnsPacket.encode({
      type: 'response', flags: 0, answers: [
        { name: SERVICE_TYPE, type: 'PTR', ttl: 6, data: instanceName },
        { name: instanceName, type: 'TXT', ttl: 6, data: txt },
      ],
    });
  }

  /** TXT strings that are not key=value text: no '=', binary, repeated or bad keys, too many strings. */
  garbageTxt(): Buffer[] {
    const rng = this.rng;
    const makers: (() => Buffer[])[] = [
      () => [Buffer.from('novalue')],
      // A NUL first byte keeps random binary from ever forming a valid key.
      () => [Buffer.concat([Buffer.from([0]), rng.bytes(rng.int(1, 200))])],
      () => [Buffer.from('v=1'), Buffer.from('k=query'), Buffer.from('v=1')],
      () => Array.from({ length: 100 }, (_, i) => Buffer.from(`k${i}=x`)),
      () => [Buffer.from('=x')],
      () => [Buffer.from('V=1')],
      () => [Buffer.from('abcdefghijklmnopq=1')],
      () => [Buffer.alloc(0)],
      () => [Buffer.from('constructor=1')],
    ];
    return rng.pick(makers)();
  }

  /** A packet whose outcome the oracle predicts (random and damaged packets). */
  predicted(category: string, bytes: Buffer, route: Route = 'group'): FuzzPacket {
    const p = predict(bytes);
    return { category, bytes, route, lookup: route === 'group' ? p.lookup : [], joiner: p.joiner };
  }

  /** A response aimed at joiners: multicast, or now and then unicast to their query ports. */
  toJoiners(category: string, fieldsOrBytes: Fields | Buffer, joiner: FuzzPacket['joiner']): FuzzPacket {
    const bytes = Buffer.isBuffer(fieldsOrBytes) ? fieldsOrBytes : this.responseBytes(fieldsOrBytes);
    const route: Route = this.canUnicast && this.rng.next() < 0.3 ? 'joiner' : 'group';
    return { category, bytes, route, lookup: [], joiner };
  }

  /** A query for the lookup service (joiners ignore queries). */
  toLookup(category: string, bytes: Buffer, lookup: FuzzPacket['lookup']): FuzzPacket {
    return { category, bytes, route: 'group', lookup, joiner: [] };
  }
}
