import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);

// packages/cli/dist/src/daemon/prometheus.js
async function servePrometheus(listen, setting, log, register) {
  if (listen === void 0)
    return void 0;
  const { MetricsEndpoint } = await import("./prometheus-EICHPUFQ.js");
  const endpoint = new MetricsEndpoint({ listen, setting });
  await register(endpoint.registry);
  await endpoint.start();
  log.info({ url: endpoint.url }, "prometheus metrics served");
  return endpoint;
}

export {
  servePrometheus
};
