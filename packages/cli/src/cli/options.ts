import { Command, InvalidArgumentError, Option } from 'commander';

/** Parses a non-negative integer flag; the error names the flag's rule. */
export function intArg(min = 0): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`'${value}' is not an integer >= ${min}`);
    return n;
  };
}

/** Parses a positive number flag. */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`'${value}' is not a positive number`);
  return n;
}

/** Parses HOST:PORT. */
export function hostPort(value: string): string {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/.exec(value);
  if (!m || Number(m[2]) > 65535) throw new InvalidArgumentError(`'${value}' is not HOST:PORT`);
  return value;
}

/** Adds --prometheus HOST:PORT, the daemons' Prometheus metrics address (off when absent). */
export function addPrometheusOption(cmd: Command): Command {
  return cmd.option('--prometheus <host:port>', 'serve Prometheus metrics at http://HOST:PORT/metrics (off by default; e.g. 127.0.0.1:9464)', hostPort);
}

/** Collects a repeatable flag into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The environment variable that stands in for a flag: --max-lease-ms -> LAMA_MAX_LEASE_MS. */
export function envName(option: Option): string {
  return 'LAMA_' + option.attributeName().replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * A Command whose flags are all readable from LAMA_* environment variables. Commander wires
 * an option's env variable when the option is added, so it is set in createOption.
 */
export class LamaCommand extends Command {
  override createCommand(name?: string): LamaCommand {
    return new LamaCommand(name);
  }

  override createOption(flags: string, description?: string): Option {
    const option = super.createOption(flags, description);
    // --plaintext is read from LAMA_PLAINTEXT by @lama/lookup itself, strictly (0 must not mean yes).
    if (!option.negate && option.long !== '--version' && option.long !== '--help' && option.long !== '--plaintext') option.env(envName(option));
    return option;
  }
}
