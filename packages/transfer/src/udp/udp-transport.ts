import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { TransferConfigError } from '../errors.js';
import type { Destination, Peer } from '../protocol/peer.js';
import { LossFilter } from '../protocol/loss-filter.js';

/** Where a session's datagrams go: the group, the port, and the interface that carries them. */
export interface UdpScope {
  group: string;
  port: number;
  /** Address of the interface to send and join on (127.0.0.1 on loopback). */
  interface: string;
  /** Multicast TTL; 1 (the default) keeps datagrams on the link. */
  ttl?: number;
  /** Address the group socket binds (default 0.0.0.0). */
  bind?: string;
  /** Socket buffer sizes in bytes (default 4 MiB, capped by net.core.rmem_max / wmem_max). */
  bufferBytes?: number;
}

// Datagram types a sender must read (register, nak, status); its own data comes back on loopback.
const FOR_SENDER = new Set([6, 8, 9]);
const MULTICAST = /^(22[4-9]|23\d)\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Checks a scope: a multicast IPv4 group, a port, TTL 1..255 (loopback forces 1). */
export function checkScope(s: UdpScope): Required<UdpScope> {
  if (!MULTICAST.test(s.group)) throw new TransferConfigError(`group '${s.group}' is not an IPv4 multicast address (224.0.0.0/4)`);
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) throw new TransferConfigError(`port ${s.port} is not in 1..65535`);
  const ttl = s.interface.startsWith('127.') ? 1 : (s.ttl ?? 1);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 255) throw new TransferConfigError(`TTL ${s.ttl} is not in 1..255`);
  return { ...s, ttl, bind: s.bind ?? '0.0.0.0', bufferBytes: s.bufferBytes ?? 4 * 1024 * 1024 };
}

function bindSocket(socket: Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port, address, exclusive: false }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

function tune(socket: Socket, scope: Required<UdpScope>): void {
  socket.setMulticastInterface(scope.interface);
  socket.setMulticastTTL(scope.ttl);
  // On 127.0.0.1 every receiver is on this machine and hears the group only through loopback
  // delivery; on a real interface that would hand a sender its own data back for nothing.
  socket.setMulticastLoopback(scope.interface.startsWith('127.'));
  for (const set of [() => socket.setRecvBufferSize(scope.bufferBytes), () => socket.setSendBufferSize(scope.bufferBytes)]) {
    try {
      set();
    } catch {
      // The kernel caps the size; the default buffer still works, with more loss under load.
    }
  }
}

/**
 * The only socket code of @lama/transfer. A group socket (bound to the port, joined on the
 * interface) hears the group; a sender also has a socket of its own on an ephemeral port, the
 * source of its datagrams, where receivers' unicast answers arrive. Emits 'datagram' (buf,
 * from) and 'error'.
 */
export class UdpTransport extends EventEmitter {
  private groupSocket?: Socket;
  private ownSocket?: Socket;
  private readonly scope: Required<UdpScope>;
  /** Datagrams dropped on arrival by the loss simulation (a test aid). */
  readonly loss?: LossFilter;
  sendErrors = 0;

  constructor(scope: UdpScope, readonly role: 'sender' | 'receiver', loss?: LossFilter) {
    super();
    this.scope = checkScope(scope);
    this.loss = loss;
  }

  /** Opens and joins; resolves once the sockets are bound. */
  async start(): Promise<void> {
    if (this.groupSocket) return;
    const s = this.scope;
    const group = createSocket({ type: 'udp4', reuseAddr: true });
    group.on('error', (err) => this.emit('error', err));
    const opened = [group];
    // A group that cannot be joined (no such interface here) leaves no socket open behind the error.
    try {
      await bindSocket(group, s.port, s.bind);
      group.addMembership(s.group, s.interface);
      tune(group, s);
      if (this.role === 'sender') {
        const own = createSocket({ type: 'udp4' });
        own.on('error', (err) => this.emit('error', err));
        opened.push(own);
        await bindSocket(own, 0, s.interface);
        tune(own, s);
        own.on('message', (msg, rinfo) => this.arrive(msg, rinfo));
        this.ownSocket = own;
      }
    } catch (err) {
      for (const socket of opened) {
        try {
          socket.close();
        } catch {
          // Closed already by its failed bind.
        }
      }
      this.ownSocket = undefined;
      throw err;
    }
    group.on('message', (msg, rinfo) => this.arrive(msg, rinfo));
    this.groupSocket = group;
  }

  private arrive(msg: Buffer, rinfo: { address: string; port: number }): void {
    if (this.role === 'sender' && (msg.length < 4 || !FOR_SENDER.has(msg[3]))) return;
    if (this.loss?.drop()) return;
    this.emit('datagram', msg, { address: rinfo.address, port: rinfo.port } satisfies Peer);
  }

  /** Sends one datagram to the group or a peer; send errors are counted, never thrown. */
  send = (datagram: Buffer, to: Destination): void => {
    const socket = this.ownSocket ?? this.groupSocket;
    if (!socket) return;
    const [port, address] = to === 'group' ? [this.scope.port, this.scope.group] : [to.port, to.address];
    socket.send(datagram, port, address, (err) => {
      if (err) this.sendErrors++;
    });
  };

  /** Closes the sockets (idempotent). */
  async stop(): Promise<void> {
    const sockets = [this.groupSocket, this.ownSocket].filter((s): s is Socket => s !== undefined);
    this.groupSocket = this.ownSocket = undefined;
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
