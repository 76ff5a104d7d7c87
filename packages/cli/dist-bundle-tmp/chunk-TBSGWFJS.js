import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  Command,
  InvalidArgumentError
} from "./chunk-TNCB4SOL.js";

// packages/cli/dist/src/cli/options.js
function intArg(min = 0) {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`'${value}' is not an integer >= ${min}`);
    return n;
  };
}
function positiveNumber(value) {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`'${value}' is not a positive number`);
  return n;
}
function hostPort(value) {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/.exec(value);
  if (!m || Number(m[2]) > 65535)
    throw new InvalidArgumentError(`'${value}' is not HOST:PORT`);
  return value;
}
function addPrometheusOption(cmd) {
  return cmd.option("--prometheus <host:port>", "serve Prometheus metrics at http://HOST:PORT/metrics (off by default; e.g. 127.0.0.1:9464)", hostPort);
}
function collect(value, previous = []) {
  return [...previous, value];
}
function envName(option) {
  return "LAMA_" + option.attributeName().replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}
var LamaCommand = class _LamaCommand extends Command {
  createCommand(name) {
    return new _LamaCommand(name);
  }
  createOption(flags, description) {
    const option = super.createOption(flags, description);
    if (!option.negate && option.long !== "--version" && option.long !== "--help" && option.long !== "--plaintext")
      option.env(envName(option));
    return option;
  }
};

export {
  intArg,
  positiveNumber,
  hostPort,
  addPrometheusOption,
  collect,
  LamaCommand
};
