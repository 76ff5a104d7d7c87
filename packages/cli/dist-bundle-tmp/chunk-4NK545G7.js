import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  InvalidParamError
} from "./chunk-S3SJLHWA.js";
import {
  MEMBER,
  parseMembers
} from "./chunk-VCFP5DZ7.js";
import {
  IPV4_SOURCE,
  IPV6_SOURCE,
  PORT_SOURCE
} from "./chunk-MT4BYXDY.js";

// packages/adapters/dist/src/builtin/apache/patterns.js
var DescribedPattern = class extends RegExp {
  description;
  constructor(source, description) {
    super(source);
    this.description = description;
  }
  toString() {
    return this.description;
  }
};
var LISTEN = new DescribedPattern(`^(?:${IPV4_SOURCE}|${IPV6_SOURCE}):${PORT_SOURCE}$`, "IP:PORT (an IPv4 or [IPv6] literal, port 1-65535)");
var MEMBER2 = new DescribedPattern(MEMBER, "IP:PORT[=WEIGHT] (an IP literal, port 1-65535, weight 0-100)");
var SERVER_NAME = new DescribedPattern(`^(?=.{1,253}(?::|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::${PORT_SOURCE})?$`, 'a host name (letters, digits, "-" and "."), optionally :PORT');
var ABS_PATH = new DescribedPattern(/^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._+@,=~-]+)+\/?$|^\/$/, "an absolute path of letters, digits and ._+@,=~- (no . or .. segments)");
var MODULE_NAME = new DescribedPattern(/^[a-z][a-z0-9_]{0,63}$/, "a module name like rewrite (for mod_rewrite.so)");
var ACCOUNT = new DescribedPattern(/^[a-z_][a-z0-9_-]{0,31}$/, "an account name (lowercase letters, digits, _ and -)");
function parseMembersParam(items) {
  try {
    return parseMembers(items);
  } catch (err) {
    throw new InvalidParamError("members", err.message);
  }
}

export {
  DescribedPattern,
  LISTEN,
  MEMBER2 as MEMBER,
  SERVER_NAME,
  ABS_PATH,
  MODULE_NAME,
  ACCOUNT,
  parseMembersParam
};
