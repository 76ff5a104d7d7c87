import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatHostPort } from '@lama/lookup';
import type { ListenAddress } from './listen-address.js';

/**
 * An HTTP server that runs inside the agent's process, with the life cycle an adapter
 * needs: start resolves once it listens, stop closes it and every connection (streams
 * included), and a close nobody asked for is reported once.
 */
export class HttpService {
  private server: Server | undefined;
  private boundPort = 0;

  /**
   * @param what names the service in error messages
   * @param onUnexpectedClose called when the server closes without stop()
   */
  constructor(private readonly what: string, private readonly handler: RequestListener, private readonly onUnexpectedClose: (reason: string) => void) {}

  get running(): boolean {
    return this.server !== undefined;
  }

  /** The port bound (useful when listen asked for port 0); 0 when stopped. */
  get port(): number {
    return this.server ? this.boundPort : 0;
  }

  /** Listens on the address; rejects with the reason (address in use, not local...). */
  async start(listen: ListenAddress): Promise<void> {
    if (this.server) return;
    const server = createServer(this.handler);
    // Bounds a client that never finishes its request; a response being streamed has no
    // timeout (server.timeout stays 0), so listeners can stay for hours.
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException): void => {
        const why = err.code === 'EADDRINUSE' ? 'the address is already in use' : err.code === 'EADDRNOTAVAIL' ? 'it is not an address of this host' : (err.code ?? err.message);
        reject(new Error(`${this.what} cannot listen on ${formatHostPort(listen.host, listen.port)}: ${why}`));
      };
      server.once('error', failed);
      server.listen({ host: listen.host, port: listen.port, exclusive: true }, () => {
        server.off('error', failed);
        resolve();
      });
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
    server.on('error', () => undefined);
    server.once('close', () => {
      if (this.server !== server) return;
      this.server = undefined;
      this.onUnexpectedClose(`${this.what} on port ${this.boundPort} closed by itself`);
    });
  }

  /** Closes the server and every connection; resolves once it is closed. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
