import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  RegistrarClient,
  unicastDiscoverVia
} from "./chunk-IKSWEGPT.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";
export {
  RegistrarClient,
  unicastDiscoverVia
};
