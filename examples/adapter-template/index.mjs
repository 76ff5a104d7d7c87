// A template LAMA adapter. Copy this folder, rename the type, and replace the service.
// It runs a legacy program it does not modify (python3's http.server serving a folder),
// checks that it really serves, reports metrics, and applies settable parameters all or
// nothing. See docs/adapters.md in the LAMA repository.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, statSync } from 'node:fs';
import { defineAdapter, integerOption, parseOptions, textOption, z } from '@lama/adapters';

/** GET / on the service; resolves with the status code. */
function probe(port) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end();
  });
}

/** Polls until the service answers over HTTP: a live process is not proof that it serves. */
async function waitServing(clock, port, child, deadlineMs) {
  const end = clock.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`http.server exited during start (code ${child.exitCode})`);
    try {
      if ((await probe(port)) === 200) return;
    } catch {
      // Not listening yet.
    }
    if (clock.now() > end) throw new Error(`nothing serves on 127.0.0.1:${port} after ${deadlineMs} ms`);
    await new Promise((r) => clock.setTimer(r, 50));
  }
}

// The options, as a zod schema: parseOptions refuses unknown keys and names the bad key.
const optionsSchema = z.strictObject({
  port: integerOption(1024, 65535, 'must be an integer 1024-65535'),
  directory: textOption(/^\//, 'an absolute path'),
  python: z.string({ error: 'must be a path' }).default('/usr/bin/python3'),
});

export default defineAdapter({
  type: 'static-http',
  description: 'Serves a folder over HTTP (python3 -m http.server) on a loopback or LAN port.',
  roles: ['web-server'],
  params: {
    port: { type: 'integer', min: 1024, max: 65535, description: 'TCP port; a running server moves to it' },
    directory: { type: 'string', pattern: /^\/[^\s"'\\]*$/, description: 'absolute path of the folder to serve' },
  },
  options: (raw) => parseOptions('static-http', optionsSchema, raw),
  create(options, ctx) {
    let { port, directory } = options;
    let child;
    let stopping = false;
    let startedAt = 0;
    let probes = 0;

    async function launch() {
      if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new Error(`directory ${directory} does not exist`);
      stopping = false;
      const c = spawn(options.python, ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', directory], { stdio: 'ignore' });
      child = c;
      try {
        await waitServing(ctx.clock, port, c, 10_000);
      } catch (err) {
        await halt();
        throw err;
      }
      startedAt = ctx.clock.now();
      c.once('exit', (code, signal) => {
        if (!stopping && child === c) ctx.exited(`http.server exited (${signal ?? `code ${code}`})`);
      });
    }

    async function halt() {
      const c = child;
      if (!c) return;
      stopping = true;
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGTERM');
        await new Promise((r) => c.once('exit', r));
      }
      if (child === c) child = undefined;
    }

    return {
      start: launch,
      stop: halt,
      async status() {
        if (!child) return {};
        // Time comes from the agent's clock (ctx.clock), so tests can run an adapter on virtual time.
        const t = ctx.clock.now();
        const code = await probe(port).catch(() => 0);
        probes++;
        return { up: code === 200 ? 1 : 0, probe_ms: ctx.clock.now() - t, uptime_seconds: (ctx.clock.now() - startedAt) / 1000, probes };
      },
      async set(values) {
        const next = { port: values.port ?? port, directory: values.directory ?? directory };
        if (!existsSync(next.directory)) throw new Error(`directory ${next.directory} does not exist`);
        if (!child) {
          ({ port, directory } = next);
          return;
        }
        // Running: restart on the new values; if that fails, come back on the old ones.
        const old = { port, directory };
        await halt();
        ({ port, directory } = next);
        try {
          await launch();
        } catch (err) {
          ({ port, directory } = old);
          await launch().catch((again) => ctx.exited(`restart on the old values failed: ${again.message}`));
          throw err;
        }
      },
      params: () => ({ port, directory }),
      close: halt,
    };
  },
});
