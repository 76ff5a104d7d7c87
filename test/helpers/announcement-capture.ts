import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import { lookupFieldsOf, type Fields, type MdnsOptions } from '@lama/lookup';

/** A genuine lookup-service record as it went over the wire. */
export interface CapturedRecord {
  bytes: Buffer;
  fields: Fields;
  at: number;
}

const KEEP = 16;

/**
 * Listens on the discovery group like any host on the link and keeps the lookup service's
 * latest signed announcements: the raw material for replay and tampering attacks.
 */
export class AnnouncementCapture {
  readonly announcements: CapturedRecord[] = [];
  private constructor(private readonly socket: Socket) {}

  static async open(mdns: MdnsOptions): Promise<AnnouncementCapture> {
    if (mdns.interface !== '127.0.0.1') throw new Error('capture only on loopback');
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    const capture = new AnnouncementCapture(socket);
    // Every fuzz packet lands here too; only the lookup service sends from the group port, so
    // filtering on the source port keeps this socket from decoding the whole flood.
    socket.on('message', (msg, rinfo) => { if (rinfo.port === mdns.port) capture.take(msg); });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(mdns.port, '0.0.0.0', () => { socket.removeListener('error', reject); resolve(); });
    });
    socket.addMembership(mdns.group, '127.0.0.1');
    return capture;
  }

  private take(bytes: Buffer): void {
    let fields: Fields[];
    try {
      fields = lookupFieldsOf(dnsPacket.decode(bytes));
    } catch {
      return;
    }
    if (fields.length !== 1 || fields[0].k !== 'announce') return;
    this.announcements.push({ bytes, fields: fields[0], at: Date.now() });
    if (this.announcements.length > KEEP) this.announcements.shift();
  }

  /** The newest announcement. */
  get latest(): CapturedRecord | undefined {
    return this.announcements.at(-1);
  }

  /** An announcement already superseded by a newer one that every listener has seen too. */
  get superseded(): CapturedRecord | undefined {
    return this.announcements.at(-2);
  }

  /** Resolves once n announcements were captured. */
  async waitFor(n: number, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.announcements.length < n) {
      if (Date.now() > end) throw new Error(`captured ${this.announcements.length} of ${n} announcements in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
