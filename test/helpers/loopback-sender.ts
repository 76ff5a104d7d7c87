import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/** Where a fuzz packet may go: the test's multicast group or a unicast port on 127.0.0.1. */
export interface Destination {
  address: string;
  port: number;
}

// The only multicast groups a test may use: administratively scoped, never the mDNS group.
const TEST_GROUP = /^239\.255\.76\.\d{1,3}$/;

/** Throws unless dest stays on this machine and off the standard mDNS group and port. */
export function checkLoopbackDestination(dest: Destination): void {
  const loopback = dest.address === '127.0.0.1';
  if (!loopback && !TEST_GROUP.test(dest.address)) throw new Error(`refusing to send to ${dest.address}: only 127.0.0.1 or 239.255.76.x`);
  if (dest.port === 5353 || dest.port < 1024 || dest.port > 65535) throw new Error(`refusing to send to port ${dest.port}`);
}

/**
 * A UDP socket that can only reach this machine: bound to 127.0.0.1, multicasting on the
 * loopback interface with TTL 1, and refusing any destination but 127.0.0.1 or a test group.
 */
export class LoopbackSender {
  sent = 0;
  sendErrors = 0;
  private constructor(private readonly socket: Socket) {}

  static async open(onMessage?: (msg: Buffer, rinfo: RemoteInfo) => void): Promise<LoopbackSender> {
    const socket = createSocket({ type: 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => { socket.removeListener('error', reject); resolve(); });
    });
    socket.setMulticastInterface('127.0.0.1');
    socket.setMulticastTTL(1);
    socket.setMulticastLoopback(true);
    const sender = new LoopbackSender(socket);
    socket.on('error', () => { sender.sendErrors++; });
    if (onMessage) socket.on('message', onMessage);
    return sender;
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Sends one datagram; resolves when the kernel took it (or refused it, counted in sendErrors). */
  send(bytes: Buffer, dest: Destination): Promise<void> {
    checkLoopbackDestination(dest);
    return new Promise((resolve) => {
      this.socket.send(bytes, dest.port, dest.address, (err) => {
        if (err) this.sendErrors++;
        else this.sent++;
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
