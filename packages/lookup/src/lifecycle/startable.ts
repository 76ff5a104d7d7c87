/**
 * A component with a life cycle, as js-libp2p's `Startable`: start() resolves once the
 * component works, stop() once it has let go of everything it held. Both are idempotent, so
 * an owner can stop what it started without tracking which parts got that far.
 */
export interface Startable {
  /** Starts the component; a second call while started does nothing. */
  start(): Promise<void>;
  /** Stops the component; a call while stopped (or never started) does nothing. */
  stop(): Promise<void>;
}
