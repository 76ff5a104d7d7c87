import type { AdapterMetrics } from '../../sdk/adapter.js';
import { LamaError } from '@lama/lookup';

/** One parsed `server-status?auto` page. */
export interface StatusSample {
  /** When the page was read (ms). */
  at: number;
  totalAccesses: number;
  totalKBytes: number;
  busyWorkers: number;
  idleWorkers: number;
  uptimeSeconds: number;
  /** Balancer members (dispatcher only), by HOST:PORT. */
  members: Map<string, { elected: number; busy: number; status: string }>;
}

/** Thrown when a page is not mod_status's machine-readable output. */
export class StatusPageError extends LamaError {
  constructor(message: string) {
    super('ERR_STATUS_PAGE', message);
  }
}

/** Parses mod_status's `?auto` text (with ProxyStatus lines when present). */
export function parseStatusPage(text: string, at: number): StatusSample {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) fields.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const num = (key: string): number => {
    const raw = fields.get(key);
    const n = raw === undefined ? NaN : Number(raw);
    if (!Number.isFinite(n)) throw new StatusPageError(`server-status has no number '${key}' (ExtendedStatus off, or not mod_status?)`);
    return n;
  };
  const members = new Map<string, { elected: number; busy: number; status: string }>();
  for (const [key, value] of fields) {
    const m = /^ProxyBalancer\[(\d+)\]Worker\[(\d+)\]Name$/.exec(key);
    if (!m) continue;
    const prefix = `ProxyBalancer[${m[1]}]Worker[${m[2]}]`;
    const address = value.replace(/^[a-z]+:\/\//, '').replace(/\/$/, '');
    members.set(address, {
      elected: Number(fields.get(`${prefix}Elected`) ?? 0) || 0,
      busy: Number(fields.get(`${prefix}Busy`) ?? 0) || 0,
      status: fields.get(`${prefix}Status`) ?? '',
    });
  }
  return {
    at, totalAccesses: num('Total Accesses'), totalKBytes: num('Total kBytes'), busyWorkers: num('BusyWorkers'), idleWorkers: num('IdleWorkers'),
    uptimeSeconds: num('ServerUptimeSeconds'), members,
  };
}

/**
 * Turns successive status pages into rates. mod_status's ReqPerSec and BytesPerSec are
 * averages since the server started, which say nothing about now; the rates here are
 * counter deltas between two samples. Requests the adapter itself made (the status
 * pages, health probes) are taken out, so an idle server reads 0.
 */
export class StatusRates {
  private last: StatusSample | undefined;
  private ownRequests = 0;
  private ownBytes = 0;
  private rates = { requestsPerSec: 0, bytesPerSec: 0 };

  /**
   * @param minWindowMs Rates are measured over at least this long. Total kBytes counts whole
   * kilobytes, so over a short window one status page more or less reads as a burst.
   */
  constructor(private readonly minWindowMs = 1000) {}

  /** Counts a request the adapter made to the server (it shows up in Total Accesses). */
  countOwn(bodyBytes: number): void {
    this.ownRequests++;
    this.ownBytes += bodyBytes;
  }

  /** Forgets the baseline (the server restarted: its counters start again from 0). */
  reset(): void {
    this.last = undefined;
    this.ownRequests = 0;
    this.ownBytes = 0;
    this.rates = { requestsPerSec: 0, bytesPerSec: 0 };
  }

  /**
   * Returns the metrics of a sample. The rates cover the window since the baseline, which
   * moves on once the window is at least minWindowMs long; before that, the last window's
   * rates stand (0 after a reset). pageBytes is the size of the status page s came from:
   * httpd counts a request when it ends, so that page shows up only in later counters.
   */
  sample(s: StatusSample, pageBytes: number): AdapterMetrics {
    const prev = this.last;
    if (!prev || s.totalAccesses < prev.totalAccesses || s.at <= prev.at) {
      // No baseline, or counters that went back: httpd restarted. Start a new window.
      this.rates = { requestsPerSec: 0, bytesPerSec: 0 };
      this.last = s;
      this.ownRequests = 1;
      this.ownBytes = pageBytes;
    } else if (s.at - prev.at >= this.minWindowMs) {
      const dt = (s.at - prev.at) / 1000;
      const bytes = (s.totalKBytes - prev.totalKBytes) * 1024 - this.ownBytes;
      this.rates = {
        requestsPerSec: Math.max(0, s.totalAccesses - prev.totalAccesses - this.ownRequests) / dt,
        // Total kBytes counts whole KiB: less than one KiB in a window is rounding, not traffic.
        bytesPerSec: bytes >= 1024 ? bytes / dt : 0,
      };
      this.last = s;
      this.ownRequests = 1;
      this.ownBytes = pageBytes;
    } else {
      this.countOwn(pageBytes);
    }
    const metrics: AdapterMetrics = {
      // The status request being answered occupies one worker itself.
      busy_workers: Math.max(0, s.busyWorkers - 1),
      idle_workers: s.idleWorkers,
      requests_per_sec: this.rates.requestsPerSec,
      bytes_per_sec: this.rates.bytesPerSec,
      bits_per_sec: this.rates.bytesPerSec * 8,
      uptime_seconds: s.uptimeSeconds,
      total_accesses: s.totalAccesses,
    };
    for (const [address, m] of s.members) {
      metrics[`member:${address}:elected`] = m.elected;
      metrics[`member:${address}:busy`] = m.busy;
    }
    return metrics;
  }
}
