import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import mDNS from 'multicast-dns';
import type { Packet } from 'dns-packet';
import { InternalError, InvalidArgumentError } from '../errors.js';
import type { Startable } from '../lifecycle/startable.js';

/** Where discovery multicasts. Tests, demos and benchmarks must use loopbackMdns() or a namespace. */
export interface MdnsOptions {
  /** IPv4 address of the interface to send and join on; undefined means every interface (production). */
  interface?: string;
  port: number;
  /** Multicast group address. */
  group: string;
  /** Multicast TTL; 1 keeps packets on the link (and on loopback, on the machine). */
  ttl: number;
}

/** The standard mDNS group and port on every interface: production only. */
export const STANDARD_MDNS: MdnsOptions = { port: 5353, group: '224.0.0.251', ttl: 255 };

/** Multicast confined to this machine: loopback, TTL 1, a non-standard group and port. */
export function loopbackMdns(port = 15353, group = '239.255.76.77'): MdnsOptions {
  return { interface: '127.0.0.1', port, group, ttl: 1 };
}

/** Checks options; a loopback interface always gets TTL 1. */
export function normalizeMdns(o: Partial<MdnsOptions>): MdnsOptions {
  const port = o.port ?? STANDARD_MDNS.port;
  const group = o.group ?? STANDARD_MDNS.group;
  if (!Number.isSafeInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError(`mDNS port ${port} is not 1-65535`);
  const first = Number(group.split('.')[0]);
  if (!isIPv4(group) || first < 224 || first > 239) throw new InvalidArgumentError(`mDNS group '${group}' is not an IPv4 multicast address (224.0.0.0-239.255.255.255)`);
  if (o.interface !== undefined && !isIPv4(o.interface)) throw new InvalidArgumentError(`mDNS interface '${o.interface}' is not an IPv4 address`);
  const loopback = o.interface?.startsWith('127.') ?? false;
  const ttl = loopback ? 1 : (o.ttl ?? STANDARD_MDNS.ttl);
  return { interface: o.interface, port, group, ttl };
}

/** How a packet arrived: on the group port, or as a unicast answer to our query socket. */
export type Arrival = 'group' | 'unicast';

/** Which DNS messages a transport's owner reads: a lookup service reads queries, a joiner responses. */
export type Reads = 'query' | 'response' | 'both';

/** Length of the DNS header (RFC 1035 §4.1.1): ID, flags, four counts. */
const DNS_HEADER_BYTES = 12;

/**
 * A datagram's kind from its DNS header's QR bit (the top bit of byte 2), without decoding
 * it; undefined when it is too short to hold a header (only the decoder can judge it then).
 */
export function dnsKind(datagram: Uint8Array): 'query' | 'response' | undefined {
  if (datagram.length < DNS_HEADER_BYTES) return undefined;
  return datagram[2] & 0x80 ? 'response' : 'query';
}

/**
 * Two sockets: one bound to the group port (joins the group, receives queries and
 * announcements, multicasts and answers), and one on an ephemeral port that sends our
 * queries, so unicast answers reach us alone (RFC 6762 §6.7) even when several processes
 * share the group port.
 *
 * Datagrams of the kind the owner never reads (`reads`) are dropped before multicast-dns
 * decodes them: every joiner's group socket receives every other joiner's query, so N joiners
 * starting together (in one process, or on one host) would otherwise decode N² queries only
 * to throw them away. Dropped datagrams are counted through onIgnored(), not as malformed.
 */
export class MdnsTransport implements Startable {
  /**
   * Group sockets shared by the transports of this process that read only responses (joiners)
   * with equal options. A thousand joiners in one process with a socket each would have the
   * kernel copy every joiner's query to a thousand sockets, a million datagrams to wake up for
   * and drop; one socket receives each datagram once and hands each response to every member.
   */
  private static readonly sharedGroups = new Map<string, SharedGroup>();
  private shared: SharedGroup | undefined;
  private starting: Promise<void> | undefined;
  private group: mDNS.MulticastDNS | undefined;
  private querier: mDNS.MulticastDNS | undefined;
  private querySocket: Socket | undefined;
  private handler: ((packet: Packet, rinfo: RemoteInfo, via: Arrival) => void) | undefined;
  private warningHandler: ((err: Error) => void) | undefined;
  private ignoredHandler: ((kind: 'query' | 'response') => void) | undefined;

  /**
   * `groupRecvBufferBytes` asks the kernel for a larger receive buffer on the group socket
   * (Linux grants twice the request, capped at twice net.core.rmem_max) for a side that must
   * read bursts, such as a lookup service that every node of a booting cluster queries at once.
   */
  constructor(readonly options: MdnsOptions, private readonly withQuerier: boolean, readonly reads: Reads = 'both', private readonly groupRecvBufferBytes?: number) {}

  /** Called for every decodable packet. */
  onPacket(handler: (packet: Packet, rinfo: RemoteInfo, via: Arrival) => void): void {
    this.handler = handler;
  }

  /** Called for undecodable packets and socket warnings. */
  onWarning(handler: (err: Error) => void): void {
    this.warningHandler = handler;
  }

  /** Called for each datagram dropped undecoded because it is of the kind the owner does not read. */
  onIgnored(handler: (kind: 'query' | 'response') => void): void {
    this.ignoredHandler = handler;
  }

  /** Opens the group socket (and the query socket); idempotent. */
  start(): Promise<void> {
    // The group socket is set only once open, so a second call waits on the first one's opening.
    this.starting ??= this.open();
    return this.starting;
  }

  private async open(): Promise<void> {
    if (this.reads === 'response') await this.joinSharedGroup();
    else await this.openGroup();
    if (this.withQuerier) await this.openQuerier();
  }

  /** Joins (or opens) this process's group socket for transports with these options. */
  private async joinSharedGroup(): Promise<void> {
    const o = this.options;
    const key = `${o.interface ?? '*'}|${o.port}|${o.group}|${o.ttl}|${this.groupRecvBufferBytes ?? 0}`;
    let shared = MdnsTransport.sharedGroups.get(key);
    if (shared === undefined) {
      const members = new Set<MdnsTransport>();
      const opened = this.openSocket(
        (p, r) => { for (const m of members) m.handler?.(p, r, 'group'); },
        (e) => { for (const m of members) m.warningHandler?.(e); },
        (kind) => { for (const m of members) m.ignoredHandler?.(kind); },
      );
      const created: SharedGroup = { key, members, opened };
      shared = created;
      MdnsTransport.sharedGroups.set(key, created);
      // A socket that failed to open is not kept for the next joiner.
      opened.catch(() => { if (MdnsTransport.sharedGroups.get(key) === created) MdnsTransport.sharedGroups.delete(key); });
    }
    shared.members.add(this);
    try {
      this.group = await shared.opened;
    } catch (err) {
      shared.members.delete(this);
      throw err;
    }
    this.shared = shared;
  }

  /** Opens a group socket of this transport's own. */
  private async openGroup(): Promise<void> {
    this.group = await this.openSocket(
      (p, r) => this.handler?.(p, r, 'group'),
      (e) => this.warningHandler?.(e),
      (kind) => this.ignoredHandler?.(kind),
    );
  }

  /** The group socket: bound to the group port, joined to the group; resolves once ready. */
  private async openSocket(onPacket: (p: Packet, r: RemoteInfo) => void, onWarning: (e: Error) => void, onIgnored: (kind: 'query' | 'response') => void): Promise<mDNS.MulticastDNS> {
    const o = this.options;
    // Our own socket (as multicast-dns would create it), so its decoding listener can be wrapped.
    const groupSocket = createSocket({ type: 'udp4', reuseAddr: true });
    const group = mDNS({ socket: groupSocket, port: o.port, ip: o.group, interface: o.interface, bind: '0.0.0.0', ttl: o.ttl, loopback: true, multicast: true });
    this.dropUnread(groupSocket, onIgnored);
    group.on('packet', onPacket);
    group.on('warning', onWarning);
    await new Promise<void>((resolve, reject) => {
      group.once('ready', () => resolve());
      group.once('error', reject);
    });
    if (this.groupRecvBufferBytes) groupSocket.setRecvBufferSize(this.groupRecvBufferBytes);
    return group;
  }

  /** The socket on an ephemeral port that sends this transport's queries and gets their unicast answers. */
  private async openQuerier(): Promise<void> {
    const o = this.options;
    const socket = createSocket({ type: 'udp4', reuseAddr: false });
    this.querySocket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '0.0.0.0', () => { socket.removeListener('error', reject); resolve(); });
    });
    if (o.interface) socket.setMulticastInterface(o.interface);
    socket.setMulticastTTL(o.ttl);
    socket.setMulticastLoopback(true);
    const querier = mDNS({ socket, port: o.port, ip: o.group, bind: false, multicast: false });
    this.dropUnread(socket, (kind) => this.ignoredHandler?.(kind));
    this.querier = querier;
    querier.on('packet', (p: Packet, r: RemoteInfo) => this.handler?.(p, r, 'unicast'));
    querier.on('warning', (e: Error) => this.warningHandler?.(e));
  }

  /**
   * Puts a check in front of the 'message' listener multicast-dns attached to `socket` (it
   * decodes every datagram): a datagram whose QR bit says it is of the kind this transport's
   * owner does not read is counted and dropped, anything else goes on to be decoded.
   */
  private dropUnread(socket: Socket, onIgnored: (kind: 'query' | 'response') => void): void {
    if (this.reads === 'both') return;
    const listeners = socket.listeners('message') as ((msg: Buffer, rinfo: RemoteInfo) => void)[];
    if (listeners.length !== 1) throw new InternalError(`expected multicast-dns's one 'message' listener on the socket, found ${listeners.length}`);
    const [decode] = listeners;
    socket.removeListener('message', decode);
    socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
      const kind = dnsKind(msg);
      if (kind !== undefined && kind !== this.reads) onIgnored(kind);
      else decode.call(socket, msg, rinfo);
    });
  }

  /** Sends a response to the group (or, given `to`, to one peer) from the group port. */
  respond(packet: Packet, to?: { address: string; port: number }): void {
    const res = { ...packet, answers: packet.answers ?? [] };
    if (to) this.group?.respond(res, { address: to.address, port: to.port });
    else this.group?.respond(res);
  }

  /** Sends a query to the group from the ephemeral port. */
  query(packet: Packet): void {
    this.querier?.query({ ...packet, questions: packet.questions ?? [] });
  }

  /** The ephemeral query port (for tests). */
  get queryPort(): number | undefined {
    return this.querySocket?.address().port;
  }

  /** Closes its sockets (a shared group socket with its last member); idempotent. */
  async stop(): Promise<void> {
    // A start still opening would otherwise set its sockets after this stop had run.
    const starting = this.starting;
    this.starting = undefined;
    await starting?.catch(() => undefined);
    const own = [this.querier];
    const shared = this.shared;
    this.shared = undefined;
    if (shared) {
      // A shared group socket closes with its last member.
      shared.members.delete(this);
      if (shared.members.size === 0) {
        if (MdnsTransport.sharedGroups.get(shared.key) === shared) MdnsTransport.sharedGroups.delete(shared.key);
        own.push(this.group);
      }
    } else own.push(this.group);
    this.querier = this.group = undefined;
    await Promise.all(own.map((m) => (m ? new Promise<void>((r) => m.destroy(() => r())) : undefined)));
  }
}

/** A group socket and the transports it serves. */
interface SharedGroup {
  readonly key: string;
  readonly members: Set<MdnsTransport>;
  readonly opened: Promise<mDNS.MulticastDNS>;
}
