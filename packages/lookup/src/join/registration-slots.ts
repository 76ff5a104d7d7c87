/** Registration attempts one process runs at once (its JoinManagers together). */
export const REGISTRATIONS_IN_FLIGHT = 128;

/**
 * A counting semaphore over the registration attempts of this process. One node has a few
 * JoinManagers and never waits here; a process holding many (a thousand joiners in one process)
 * would otherwise set up a TLS client and handshake for all of them at once, every handshake
 * inching forward in turn, none done for seconds, while the first leases run out unrenewed.
 * In turns of REGISTRATIONS_IN_FLIGHT each is done in a few ms, and the total work is the same.
 */
export class RegistrationSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size = REGISTRATIONS_IN_FLIGHT) {
    this.free = size;
  }

  /** Resolves with the function that gives the slot back, once a slot is free (first come, first served). */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

/** The slots every JoinManager of this process shares. */
export const registrationSlots = new RegistrationSlots();
