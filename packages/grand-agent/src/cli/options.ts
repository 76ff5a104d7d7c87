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

/** Collects a repeatable flag into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The environment variable that stands in for a flag: --max-lease-ms -> LAMA_MAX_LEASE_MS. */
export function envName(option: Option): string {
  return 'LAMA_' + option.attributeName().replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Makes every flag of every command readable from its LAMA_* environment variable. */
export function bindEnvironment(command: Command): void {
  for (const option of command.options as Option[]) {
    if (!option.envVar && !option.negate && option.long !== '--version') option.env(envName(option));
  }
  for (const sub of command.commands) bindEnvironment(sub);
}
