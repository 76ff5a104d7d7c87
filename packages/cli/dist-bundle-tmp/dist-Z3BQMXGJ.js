import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-ZMUX57ID.js";
import "./chunk-5RG6R7ES.js";
export default require_dist();
