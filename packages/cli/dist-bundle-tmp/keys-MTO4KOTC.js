import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LamaCommand,
  positiveNumber
} from "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import {
  DEFAULT_VALID_DAYS,
  ROLES
} from "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/keys.js
function keysCommand() {
  const keys = new LamaCommand("keys").description("create the pool key pair and issue credentials signed by it");
  keys.command("init").description("create a pool: an Ed25519 key pair in DIR (pool.key 0600, pool.pub)").requiredOption("--dir <dir>", "directory for the pool key").option("--force", "replace an existing pool key (every credential issued with it stops working)", false).action(async (o) => (await import("./keys-action-6I3VTPJF.js")).initPool(o));
  keys.command("issue").description("issue a credential: a new key pair plus a certificate (name, roles, validity) signed by the pool key").requiredOption("--dir <dir>", "directory holding pool.key").requiredOption("--role <roles>", `comma-separated roles: ${ROLES.join(", ")}`).requiredOption("--name <name>", "the holder's name (a node name, or a controller's)").requiredOption("--out <file>", "where to write the credential (mode 0600)").option("--valid-days <n>", "validity in days", positiveNumber, DEFAULT_VALID_DAYS).action(async (o) => (await import("./keys-action-6I3VTPJF.js")).issue(o));
  keys.command("upgrade").description("add the X.509 certificate that TLS needs to credentials issued before it (same key, name, roles, serial and validity)").requiredOption("--dir <dir>", "directory holding pool.key").argument("<files...>", "credential files to upgrade in place").action(async (files, o) => (await import("./keys-action-6I3VTPJF.js")).upgrade(files, o));
  keys.command("revoke").description("revoke credentials by serial: writes DIR/revocations.json, signed by the pool key; lookup services given it with --revocations hand it to every member").requiredOption("--dir <dir>", "directory holding pool.key").argument("<serials...>", "serials to revoke (`lama keys show FILE` prints a credential's)").action(async (serials, o) => (await import("./keys-action-6I3VTPJF.js")).revokeSerials(serials, o));
  keys.command("show").description("print a credential's certificate (never its secret key)").argument("<file>", "credential file").option("--json", "print JSON", false).action(async (file, o) => (await import("./keys-action-6I3VTPJF.js")).show(file, o));
  return keys;
}
export {
  keysCommand
};
