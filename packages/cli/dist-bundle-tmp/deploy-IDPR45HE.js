import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  clientCommand
} from "./chunk-NC4CQ2LP.js";
import "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/deploy.js
function grandCommand(name, description, credential) {
  return clientCommand(name, description, credential, { flag: "--grand <host:port>", help: "the grand agent's endpoint (skips finding it through the pool)" });
}
function deployCommands() {
  const deploy = grandCommand("deploy", "deploy SITE[@VERSION] onto FREE nodes at once, with the cache of an OPERATIONAL node of the site multicast to them (the store otherwise); prints each node's steps and seconds", "a credential with role 'controller'").argument("<site>", "SITE or SITE@VERSION (without a version: the store's newest)").requiredOption("--nodes <a,b,c>", "the FREE nodes to deploy onto, comma-separated").option("--store <url>", "the site store's base URL (default: the grand agent's deploy.storeUrl)");
  deploy.action(async (site) => {
    await (await import("./deploy-action-7HKRDPGI.js")).runDeploy(deploy, site);
  });
  const deployments = grandCommand("deployments", "list the deployments and cleanings the grand agent kept, with per-node step timings", "a credential with role 'controller' or 'monitor'").option("--site <site>", "only deployments of this site");
  deployments.action(async () => {
    await (await import("./deploy-action-7HKRDPGI.js")).runDeployments(deployments);
  });
  const clean = grandCommand("clean", "clean nodes back to FREE: stop the site's services, unmap, remove the instance data, drop the site's cache", "a credential with role 'controller'").argument("<nodes...>", "the nodes to clean").option("--keep-cache", "keep the site's objects in each node cache (a later deployment starts warm)", false);
  clean.action(async (nodes) => {
    await (await import("./deploy-action-7HKRDPGI.js")).runClean(clean, nodes);
  });
  return [deploy, deployments, clean];
}
export {
  deployCommands
};
