import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  createLogger,
  onShutdown
} from "./chunk-GV54AVZ6.js";
import {
  serveStore
} from "./chunk-QKHI2ZJ4.js";
import "./chunk-C6NIVJPH.js";
import "./chunk-7AIZH35D.js";
import {
  SiteNode,
  SiteStore
} from "./chunk-IZY2JOMO.js";
import "./chunk-2CLNWT2G.js";
import "./chunk-CV5GMX46.js";
import {
  INDEX_KEY,
  StoreClient,
  parseSiteDefinition,
  parseSiteRef
} from "./chunk-R4APUNPC.js";
import "./chunk-4UNPKTYS.js";
import "./chunk-X66OQOLM.js";
import {
  readConfigFile
} from "./chunk-IWLBJ6JX.js";
import "./chunk-KSE75MTL.js";
import "./chunk-ZMUX57ID.js";
import "./chunk-EXKF7SXK.js";
import "./chunk-JXIYF6K4.js";
import "./chunk-36O33FJM.js";
import "./chunk-S3SJLHWA.js";
import "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import {
  CredentialVerifier,
  loadCredential
} from "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-IKSWEGPT.js";
import {
  parseHostPort
} from "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/site-action.js
import { resolve } from "node:path";
var MB = 1024 * 1024;
async function held(run) {
  const hold = setInterval(() => void 0, 1 << 30);
  try {
    return await run();
  } finally {
    clearInterval(hold);
  }
}
async function publish(dir, ref, o) {
  const { site, version } = parseSiteRef(ref);
  const credential = loadCredential(resolve(o.credential));
  const definition = o.definition ? parseSiteDefinition(readConfigFile(resolve(o.definition)), o.definition) : void 0;
  const r = await new SiteStore(resolve(o.store)).publish(resolve(dir), site, credential, { version, definition });
  if (o.json)
    console.log(JSON.stringify(r));
  else
    console.log(`published ${r.site}@${r.version}: ${r.files} files, ${(r.bytes / MB).toFixed(1)} MB; wrote ${r.objectsWritten} new objects (${(r.bytesWritten / MB).toFixed(1)} MB) in ${r.seconds.toFixed(2)} s`);
}
async function list(o) {
  let index;
  if (/^https?:\/\//.test(o.store)) {
    const client = new StoreClient({ url: o.store, attempts: 2 });
    try {
      index = JSON.parse(await held(() => client.text(INDEX_KEY, 16 * MB)));
    } finally {
      client.close();
    }
  } else {
    index = await new SiteStore(resolve(o.store)).index();
  }
  if (o.json)
    return console.log(JSON.stringify(index, null, 2));
  const sites = Object.entries(index.sites ?? {});
  if (sites.length === 0)
    return console.log("no sites");
  for (const [site, versions] of sites) {
    for (const v of versions)
      console.log(`${site}@${v.version}	${v.files} files	${(v.bytes / MB).toFixed(1)} MB	${v.signedAt}	by ${v.signer}`);
  }
}
async function gc(o) {
  const r = await new SiteStore(resolve(o.store)).gc({ keep: o.keep });
  if (o.json)
    return console.log(JSON.stringify(r));
  console.log(`removed ${r.objectsRemoved} objects (${(r.bytesRemoved / MB).toFixed(1)} MB)${r.manifestsRemoved.length ? ` and versions ${r.manifestsRemoved.join(", ")}` : ""}; ${r.objectsKept} objects kept`);
}
async function serve(store, o) {
  const log = createLogger("lama-site-serve");
  const listen = parseHostPort(o.listen);
  if (!listen)
    throw new Error(`--listen '${o.listen}' is not HOST:PORT`);
  const server = await serveStore(resolve(store), listen);
  log.info({ url: server.url, store: resolve(store) }, "serving the site store");
  onShutdown(log, async () => {
    await server.close();
    log.info(server.stats, "served");
  });
}
async function pull(ref, o) {
  const { site, version } = parseSiteRef(ref);
  const credential = loadCredential(resolve(o.credential));
  const node = await SiteNode.open({
    dir: resolve(o.cache),
    verifier: new CredentialVerifier(credential.poolPublicKey),
    cacheLimitBytes: o.cacheLimitMb === void 0 ? void 0 : Math.floor(o.cacheLimitMb * MB),
    fsync: o.fsync
  });
  try {
    const r = await held(() => node.pull({ url: o.store, concurrency: o.concurrency, timeoutMs: o.timeoutMs, attempts: o.attempts }, site, version));
    console.log(o.json ? JSON.stringify(r) : r.path);
  } finally {
    await node.close();
  }
}
export {
  gc,
  list,
  publish,
  pull,
  serve
};
