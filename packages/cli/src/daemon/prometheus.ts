import type { Logger } from 'pino';
import type { MetricsEndpoint, Registry } from '@lama/lookup/prometheus';

/**
 * Serves a daemon's Prometheus metrics on listen when one is given (they are off by default),
 * with the collectors `register` adds. prom-client and the collectors load only then. Binding
 * comes before the daemon starts, so an address that cannot be served stops it early with an
 * error naming `setting`; the caller stops the endpoint with the daemon.
 */
export async function servePrometheus(
  listen: string | undefined, setting: string, log: Logger, register: (registry: Registry) => Promise<void>,
): Promise<MetricsEndpoint | undefined> {
  if (listen === undefined) return undefined;
  const { MetricsEndpoint } = await import('@lama/lookup/prometheus');
  const endpoint = new MetricsEndpoint({ listen, setting });
  await register(endpoint.registry);
  await endpoint.start();
  log.info({ url: endpoint.url }, 'prometheus metrics served');
  return endpoint;
}
