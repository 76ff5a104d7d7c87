import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  METRICS_PATH,
  MetricsEndpoint,
  registerLookupMetrics,
  scrapedCounter,
  scrapedGauge
} from "./chunk-QXSZKABV.js";
import "./chunk-GREZTAM7.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-5RG6R7ES.js";
export {
  METRICS_PATH,
  MetricsEndpoint,
  registerLookupMetrics,
  scrapedCounter,
  scrapedGauge
};
