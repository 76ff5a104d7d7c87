import { isIPv4, isIPv6 } from 'node:net';
import { parseHostPort, type HostPort } from '@lama/lookup';
import { z } from 'zod';

/** Where an in-process server listens: an IP literal (no brackets) and a port (0 lets the system pick one). */
export type ListenAddress = HostPort;

const INVALID = 'must be IP:PORT (an IPv4 or [IPv6] literal, port 0-65535; 0 picks a free port)';

/**
 * The `listen` option of the in-process adapters: IPv4:PORT or [IPv6]:PORT, port 0-65535.
 * Names are refused: a name resolved at start could bind something else later, and tests
 * must stay on loopback by what they write, not by what a resolver says.
 */
export const listenOption = z.string({ error: (i) => (i.input === undefined ? 'is required (IP:PORT, e.g. 127.0.0.1:18000)' : INVALID) })
  .transform((text, ctx): ListenAddress => {
    const hp = parseHostPort(text);
    if (hp && (text.startsWith('[') ? isIPv6(hp.host) : isIPv4(hp.host))) return hp;
    ctx.addIssue({ code: 'custom', message: INVALID });
    return z.NEVER;
  });
