// @lama/transfer: signed manifests of file trees and their reliable multicast. The protocol
// core (sender, receiver, codec, pacing) runs on an injected clock; the UDP transport is the
// only code that touches sockets.
export { TRANSFER_ERROR_CODES, PacketError, ManifestError, UnsafePathError, SourceChangedError, TransferIncompleteError, TransferConfigError, type DropReason } from './errors.js';
export {
  MANIFEST_KIND, DEFAULT_PACKET_SIZE, DEFAULT_PACKETS_PER_BLOCK, buildManifest, checkManifest, packManifest, unpackManifest, blockSize, totalPackets,
  type TransferManifest, type ManifestFile, type SnapshotEntry, type LayoutOptions, type BuiltManifest, type WireManifest, type AcceptedManifest,
} from './manifest/manifest.js';
export { scanDirectory } from './manifest/scan-directory.js';
export { checkRelativePath, checkLandingPaths } from './manifest/safe-path.js';
export { decodePacket, encodePacket, encodeNaks, encodeSlice, MAX_DATAGRAM, HEADER_BYTES, DATA_HEADER_BYTES, type Packet, type EndReason } from './wire/packet-codec.js';
export { TokenBucket } from './protocol/token-bucket.js';
export { Bitset } from './protocol/bitset.js';
export type { Peer, Destination, SendFn, DropCounts } from './protocol/peer.js';
export { TransferSender, WIRE_OVERHEAD_BYTES, wireBytes, type SenderOptions, type SendResult, type SenderStats, type ReceiverOutcome } from './protocol/sender.js';
export { receiverId } from './protocol/receiver-id.js';
export { TransferReceiver, type ReceiverOptions, type ReceiveResult, type ReceiverStats } from './protocol/receiver.js';
export { LossFilter, parseLoss, seededRandom, type LossSpec } from './protocol/loss-filter.js';
export { PART_SUFFIX } from './store/receive-store.js';
export { UdpTransport, checkScope, type UdpScope } from './udp/udp-transport.js';
export { sendOverUdp, receiveOverUdp, type SendSource, type UdpSendOptions, type UdpSend, type UdpReceiveOptions, type UdpReceive } from './udp/udp-session.js';
export { parseRate } from './udp/rate.js';
