// What a node with the role streaming-server takes, as icecast defines it: sim-stream stands in
// for icecast where icecast2 is not installed, so it must accept exactly the same values, and
// the allocator's server parameters (RelayFrom) drive both alike.
import { RELAY_FROM } from '@lama/lookup';
import { integerOption, textOption } from '../sdk/options.js';
import type { ParamSpec } from '../sdk/params.js';

const MAX_LISTENERS = { min: -1, max: 1_000_000 } as const;

/** The RelayFrom parameter (HOST:PORT/MOUNT, '' for none); `description` says what this adapter does with it. */
export const relayFromParam = (description: string): ParamSpec => ({ type: 'string', pattern: RELAY_FROM, description });

/** The maxListeners parameter (-1 is unlimited); `description` says what the limit counts here. */
export const maxListenersParam = (description: string): ParamSpec => ({ type: 'integer', ...MAX_LISTENERS, description });

/** The options that give RelayFrom and maxListeners their initial values. */
export const relayFromOption = textOption(RELAY_FROM, 'HOST:PORT/MOUNT (e.g. 127.0.0.1:18000/live)').default('');
export const maxListenersOption = integerOption(MAX_LISTENERS.min, MAX_LISTENERS.max).default(-1);
