import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);

// packages/lookup/dist/src/vocabulary/host-port.js
var PORT_SOURCE = "(?:[1-9]\\d{0,3}|[1-5]\\d{4}|6[0-4]\\d{3}|65[0-4]\\d{2}|655[0-2]\\d|6553[0-5])";
var OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
var IPV4_SOURCE = `${OCTET}(?:\\.${OCTET}){3}`;
var IPV6_SOURCE = "\\[[0-9A-Fa-f:.]{2,45}\\]";
var HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;
function parseHostPort(text) {
  const m = HOST_PORT.exec(text);
  if (!m || Number(m[2]) > 65535)
    return void 0;
  const host = m[1].startsWith("[") ? m[1].slice(1, -1) : m[1];
  return { host, port: Number(m[2]) };
}
function isHostPort(text) {
  return parseHostPort(text) !== void 0;
}
function formatHostPort(host, port) {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export {
  PORT_SOURCE,
  IPV4_SOURCE,
  IPV6_SOURCE,
  parseHostPort,
  isHostPort,
  formatHostPort
};
