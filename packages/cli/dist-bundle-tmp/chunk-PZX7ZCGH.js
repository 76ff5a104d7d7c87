import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);

// packages/cli/dist/src/cli/config-flags.js
function flagsToConfig(cmd, direct, sections = {}) {
  const o = cmd.opts();
  const given = (flag) => ["cli", "env"].includes(cmd.getOptionValueSource(flag) ?? "");
  const out = {};
  for (const [flag, key] of direct)
    if (given(flag))
      out[key] = o[flag];
  for (const [section, pairs] of Object.entries(sections)) {
    const part = {};
    for (const [flag, key] of pairs)
      if (given(flag))
        part[key] = o[flag];
    if (Object.keys(part).length)
      out[section] = part;
  }
  return out;
}
function mergeConfig(file, flags) {
  const out = { ...file, ...flags };
  for (const [key, value] of Object.entries(flags)) {
    const inFile = file[key];
    if (value && typeof value === "object" && !Array.isArray(value) && inFile && typeof inFile === "object" && !Array.isArray(inFile))
      out[key] = { ...inFile, ...value };
  }
  return out;
}
var MULTICAST_FLAGS = [["multicast", "enabled"], ["mdnsInterface", "interface"], ["mdnsPort", "port"], ["mdnsGroup", "group"], ["mdnsTtl", "ttl"]];

export {
  flagsToConfig,
  mergeConfig,
  MULTICAST_FLAGS
};
