import { systemClock, type Clock, type Timer } from '@lama/lookup';

/** Anything whose target can be set (a ListenerPool). */
export interface TargetSink {
  setTarget(n: number): void;
}

export interface ProfileDriverOptions {
  /** How often the target is updated, ms (default 1000). */
  tickMs?: number;
  clock?: Clock;
  /** Called after every update with the elapsed time and the target set. */
  onTick?: (elapsedMs: number, target: number) => void;
  /** Stop by itself after this long (default: the profile's durationMs when it has one, else never). */
  untilMs?: number;
}

/** A running drive; stop() freezes the target where it is. */
export interface ProfileDrive {
  stop(): void;
  /** Resolves when the drive stops (untilMs reached, or stop()). */
  readonly done: Promise<void>;
  /** ms since the drive began. */
  elapsedMs(): number;
}

/** Sets sink's target to profile(elapsed) now and every tickMs, starting at elapsed 0. */
export function driveProfile(sink: TargetSink, profile: ((t: number) => number) & { durationMs?: number }, o: ProfileDriverOptions = {}): ProfileDrive {
  const clock = o.clock ?? systemClock;
  const tickMs = Math.max(1, o.tickMs ?? 1000);
  const untilMs = o.untilMs ?? profile.durationMs ?? Infinity;
  const start = clock.now();
  let timer: Timer | undefined;
  let stopped = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => { finish = r; });
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    timer?.cancel();
    finish();
  };
  const tick = (): void => {
    if (stopped) return;
    const elapsed = Math.min(clock.now() - start, untilMs);
    const target = profile(elapsed);
    sink.setTarget(target);
    o.onTick?.(elapsed, target);
    if (elapsed >= untilMs) return stop();
    // Ticks are anchored to the start, so a late timer does not shift every later update.
    const next = (Math.floor(elapsed / tickMs) + 1) * tickMs;
    timer = clock.setTimer(tick, Math.min(next, untilMs) - (clock.now() - start));
  };
  tick();
  return { stop, done, elapsedMs: () => clock.now() - start };
}
