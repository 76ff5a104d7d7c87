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

/** Adds one to a drop counter. */
export function countDrop(drops: DropCounts, reason: string): void {
  drops[reason] = (drops[reason] ?? 0) + 1;
}
