import dnsPacket from 'dns-packet';
import type { Packet } from 'dns-packet';
import { DiscoveryRejection, dnsKind, lookupFieldsOf, queryFieldsOf, type RejectReason } from '@lama/lookup';

/** What a receiver should count for one packet: the reject reasons, or 'unknown' when only a full verification would tell. */
export type Outcome = readonly RejectReason[] | 'unknown';

export interface Prediction {
  /** The lookup service (reads queries). */
  lookup: Outcome;
  /** A joiner (reads responses). */
  joiner: Outcome;
}

function reasonOf(err: unknown): RejectReason {
  return err instanceof DiscoveryRejection ? err.reason : 'malformed';
}

/**
 * Predicts the counters a random or mutated packet moves, with the same decoder and parsers
 * the receivers use; past parsing (signatures, freshness) it answers 'unknown'.
 */
export function predict(bytes: Buffer): Prediction {
  let packet: Packet;
  try {
    packet = dnsPacket.decode(bytes);
  } catch {
    // Undecodable: a receiver's transport reports it and the receiver counts it as malformed,
    // unless its header's QR bit marks it as the kind that receiver never reads (a query at a
    // joiner, a response at the lookup service): that is dropped undecoded, counted as ignored.
    const kind = dnsKind(bytes);
    return { lookup: kind === 'response' ? [] : ['malformed'], joiner: kind === 'query' ? [] : ['malformed'] };
  }
  let lookup: Outcome = [];
  if (packet.type === 'query') {
    try {
      lookup = queryFieldsOf(packet) ? 'unknown' : [];
    } catch (err) {
      lookup = [reasonOf(err)];
    }
  }
  let joiner: Outcome = [];
  if (packet.type === 'response') {
    try {
      joiner = lookupFieldsOf(packet).length ? 'unknown' : [];
    } catch (err) {
      joiner = [reasonOf(err)];
    }
  }
  return { lookup, joiner };
}
