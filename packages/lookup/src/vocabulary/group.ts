import { InvalidArgumentError } from '../errors.js';

/** A discovery group name: a DNS label, since each group is a DNS-SD subtype. */
export const GROUP = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Throws unless g can be a DNS-SD subtype label; returns it. */
export function checkGroup(g: string): string {
  if (!GROUP.test(g)) throw new InvalidArgumentError(`group '${g}' must be 1-63 lowercase letters, digits or '-' (a DNS label)`);
  return g;
}
