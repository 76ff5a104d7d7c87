import type { DeploymentJson } from '@lama/grand-agent';
import type { Observable, Subscription } from '@lama/lookup/rx';

/** The grand agent's deployment calls the console makes (GrandClient has them). */
export interface GrandDeployer {
  deploy(req: { site: string; version?: number; nodes: string[] }): Observable<DeploymentJson>;
  clean(nodes: string[], keepCache?: boolean): Observable<DeploymentJson>;
}

/** Deploying a site onto nodes and cleaning nodes: what POST /api/deploy and /api/clean do. */
export interface DeploymentActions {
  deploy(site: string, version: number, nodes: string[]): Promise<DeploymentJson>;
  clean(nodes: string[], keepCache: boolean): Promise<DeploymentJson>;
}

/**
 * DeploymentActions through the grand agent's deployment manager, with the console's own
 * credential. A POST answers with the deployment's first state (its id, or the manager's
 * refusal) and does not wait for the nodes: a deployment goes on when its caller leaves, and
 * every browser follows it on the feed (WatchDeployments).
 */
export class GrandDeployments implements DeploymentActions {
  constructor(private readonly grand: GrandDeployer) {}

  deploy(site: string, version: number, nodes: string[]): Promise<DeploymentJson> {
    return this.first(this.grand.deploy({ site, version, nodes }));
  }

  clean(nodes: string[], keepCache: boolean): Promise<DeploymentJson> {
    return this.first(this.grand.clean(nodes, keepCache));
  }

  private first(stream: Observable<DeploymentJson>): Promise<DeploymentJson> {
    return new Promise((resolve, reject) => {
      let sub: Subscription | undefined;
      let done = false;
      const settle = (f: () => void): void => {
        if (done) return;
        done = true;
        f();
        queueMicrotask(() => sub?.unsubscribe());
      };
      sub = stream.subscribe({
        next: (d) => settle(() => resolve(d)),
        error: (err: unknown) => settle(() => reject(err)),
        complete: () => settle(() => reject(new Error('the grand agent ended the stream without a deployment'))),
      });
      if (done) sub.unsubscribe();
    });
  }
}
