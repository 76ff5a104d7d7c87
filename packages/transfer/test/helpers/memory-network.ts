import type { VirtualClock } from '@lama/lookup';
import { LossFilter, type Destination, type Peer } from '../../src/index.js';

type Handler = (datagram: Buffer, from: Peer) => void;

interface Pending {
  datagram: Buffer;
  from: Peer;
  to: Destination;
}

/** One attached endpoint: its address and what it does with arriving datagrams. */
export class MemoryNode {
  loss?: LossFilter;
  /** Drops every datagram to this node while true (a dead or cut-off host). */
  down = false;
  received = 0;

  constructor(private readonly net: MemoryNetwork, readonly peer: Peer, public handler: Handler) {}

  /** Sends like a UDP socket would: to the group (every node, the sender's own included) or to one peer. */
  send = (datagram: Buffer, to: Destination): void => this.net.post({ datagram: Buffer.from(datagram), from: this.peer, to });

  /** Leaves the network (a killed process). */
  detach(): void {
    this.net.detach(this);
  }
}

/**
 * An in-memory lossy network on virtual time: datagrams arrive after a fixed latency, in order,
 * each receiver's own loss filter applied on arrival (as the real receivers do).
 */
export class MemoryNetwork {
  private readonly nodes = new Set<MemoryNode>();
  private queue: Pending[] = [];
  private flushing = false;
  /** Datagrams dropped before any receiver sees them (a shared loss, as at the sender's link). */
  sharedLoss?: LossFilter;
  /** Every datagram posted, for pacing checks: time and size. */
  readonly log: { at: number; bytes: number; from: string }[] = [];
  private next = 1;

  constructor(private readonly clock: VirtualClock, private readonly latencyMs = 1) {}

  /** Attaches an endpoint with its own address. */
  attach(handler: Handler, address = `10.0.0.${this.next}`): MemoryNode {
    const node = new MemoryNode(this, { address, port: 17140 + this.next++ }, handler);
    this.nodes.add(node);
    return node;
  }

  detach(node: MemoryNode): void {
    this.nodes.delete(node);
  }

  /** @internal */
  post(p: Pending): void {
    this.log.push({ at: this.clock.now(), bytes: p.datagram.length, from: p.from.address });
    if (p.to === 'group' && this.sharedLoss?.drop()) return;
    this.queue.push(p);
    if (!this.flushing) {
      this.flushing = true;
      this.clock.setTimer(() => this.flush(), this.latencyMs);
    }
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.flushing = false;
    for (const p of batch) {
      for (const n of this.nodes) {
        const match = p.to === 'group' || (n.peer.address === p.to.address && n.peer.port === p.to.port);
        if (!match || n.down) continue;
        if (p.to === 'group' && n.peer === p.from) continue;
        if (n.loss?.drop()) continue;
        n.received++;
        n.handler(p.datagram, p.from);
      }
    }
  }
}
