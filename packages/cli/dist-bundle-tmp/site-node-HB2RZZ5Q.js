import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  SiteNode
} from "./chunk-IZY2JOMO.js";
import "./chunk-R4APUNPC.js";
import "./chunk-4UNPKTYS.js";
import "./chunk-X66OQOLM.js";
import "./chunk-IWLBJ6JX.js";
import "./chunk-KSE75MTL.js";
import "./chunk-ZMUX57ID.js";
import "./chunk-EXKF7SXK.js";
import "./chunk-JXIYF6K4.js";
import "./chunk-36O33FJM.js";
import "./chunk-S3SJLHWA.js";
import "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-IKSWEGPT.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";
export {
  SiteNode
};
