import type { Logger } from 'pino';

/**
 * Logs refused discovery packets without letting a flood of them flood the log: the first
 * of each reason at once, then one summary of the counts per interval while more arrive.
 */
export function rejectionLogger(log: Logger, intervalMs = 10_000): { note(reason: string, message: string, from?: string): void; stop(): void } {
  const counts: Record<string, number> = {};
  const pending: Record<string, number> = {};
  const timer = setInterval(() => {
    if (Object.keys(pending).length === 0) return;
    log.warn({ rejected: { ...pending }, total: { ...counts } }, 'discovery packets rejected');
    for (const k of Object.keys(pending)) delete pending[k];
  }, intervalMs);
  timer.unref();
  return {
    note(reason, message, from) {
      counts[reason] = (counts[reason] ?? 0) + 1;
      if (counts[reason] === 1) log.warn({ reason, from, err: message }, 'discovery packet rejected');
      else pending[reason] = (pending[reason] ?? 0) + 1;
    },
    stop: () => clearInterval(timer),
  };
}
