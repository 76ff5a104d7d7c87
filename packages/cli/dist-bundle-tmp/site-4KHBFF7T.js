import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LamaCommand,
  hostPort,
  intArg,
  positiveNumber
} from "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/site.js
function siteCommand() {
  const site = new LamaCommand("site").description("the site store: signed, content-addressed site trees on a plain HTTP file server, and the node cache that holds them");
  site.command("publish").description("publish DIR as a version of SITE: objects named by sha256 (only those the store lacks) and a manifest signed with a controller credential").argument("<dir>", "the site tree").argument("<site>", "SITE or SITE@VERSION (without a version: one more than the highest published)").requiredOption("--store <dir>", "the store directory").requiredOption("--credential <file>", "a credential with role controller").option("--definition <file>", "the site definition (JSON or YAML): mapping, adapters, hot").option("--json", "print the result as JSON", false).action(async (dir, ref, o) => (await import("./site-action-4KXRR5LK.js")).publish(dir, ref, o));
  site.command("ls").description("list the sites and versions of a store (a directory or an http:// URL)").requiredOption("--store <dir|url>", "the store").option("--json", "print the index as JSON", false).action(async (o) => (await import("./site-action-4KXRR5LK.js")).list(o));
  site.command("gc").description("remove objects that no kept version references (and, with --keep, versions beyond the newest N of each site)").requiredOption("--store <dir>", "the store directory").option("--keep <n>", "keep the newest N versions of each site", intArg(1)).option("--json", "print the result as JSON", false).action(async (o) => (await import("./site-action-4KXRR5LK.js")).gc(o));
  site.command("serve").description("serve a store directory over HTTP (for a machine without a web server; any static server will do)").argument("<store>", "the store directory").requiredOption("--listen <host:port>", "where to listen", hostPort).action(async (store, o) => (await import("./site-action-4KXRR5LK.js")).serve(store, o));
  site.command("pull").description("fetch SITE[@VERSION] from a store into the node cache, materialize it and print the replica path").argument("<site>", "SITE or SITE@VERSION (without a version: the store's latest)").requiredOption("--store <url>", "the store URL, http://HOST:PORT/PATH").requiredOption("--cache <dir>", "the node's site state directory (cache/ and replicas/)").requiredOption("--credential <file>", "a credential of the pool (manifests are verified against its pool key)").option("--cache-limit-mb <n>", "size limit of the cache in MB", positiveNumber).option("--concurrency <n>", "requests to the store at once", intArg(1), 8).option("--timeout-ms <n>", "abandon and retry a request silent this long", intArg(1), 3e4).option("--attempts <n>", "tries per request", intArg(1), 5).option("--no-fsync", "do not fsync objects (a cache on tmpfs)").option("--json", "print the result as JSON", false).action(async (ref, o) => (await import("./site-action-4KXRR5LK.js")).pull(ref, o));
  return site;
}
export {
  siteCommand
};
