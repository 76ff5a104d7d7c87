import { PacketError } from '../errors.js';
import { decodePacket, type Packet } from '../wire/packet-codec.js';

/** A unicast address a datagram came from or goes to. */
export interface Peer {
  address: string;
  port: number;
}

/** Where the core sends a datagram: the session's group, or one peer. */
export type Destination = 'group' | Peer;

/** What the core needs of a transport: send one datagram. */
export type SendFn = (datagram: Buffer, to: Destination) => void;

/** Per-reason counts of dropped datagrams. */
export type DropCounts = Partial<Record<string, number>>;

/** Decodes a datagram, or counts it under its drop reason and returns undefined. */
export function decodeOrCount(datagram: Buffer, drops: DropCounts): Packet | undefined {
  try {
    return decodePacket(datagram);
  } catch (err) {
    countDrop(drops, err instanceof PacketError ? err.reason : 'field');
    return undefined;
  }
}

/** Adds one to a drop counter. */
export function countDrop(drops: DropCounts, reason: string): void {
  drops[reason] = (drops[reason] ?? 0) + 1;
}
