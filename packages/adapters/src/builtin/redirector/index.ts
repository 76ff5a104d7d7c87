import { defineAdapter } from '../../sdk/adapter.js';
import { MEMBER } from '../apache/patterns.js';
import { parseRedirectorOptions, type RedirectorOptions } from './options.js';
import { RedirectorInstance } from './redirector-instance.js';

export type { RedirectorOptions } from './options.js';

/**
 * The streaming dispatcher: an HTTP server in the agent's process that sends each GET on to
 * a member with a 302, chosen by nginx's smooth weighted round robin. A listener then
 * streams from the member directly, so the dispatcher carries no stream bytes.
 */
export const redirectorAdapter = defineAdapter<RedirectorOptions>({
  type: 'redirector',
  description: "Streaming dispatcher inside the agent process: answers every GET with 302 to http://MEMBER<same path>, members chosen by smooth weighted round robin (nginx's); 503 when no member has weight > 0.",
  roles: ['dispatcher'],
  params: {
    members: {
      type: 'list', pattern: MEMBER,
      description: 'members IP:PORT[=WEIGHT] (as the apache dispatcher takes them); weight 1-100 (default 1) is the share of new clients, 0 drains the member (no new clients)',
    },
  },
  options: parseRedirectorOptions,
  create: (options, ctx) => new RedirectorInstance(options, ctx),
});
