import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatHostPort, type Member } from '@lama/lookup';
import type { AdapterContext, AdapterInstance, AdapterMetrics } from '../../sdk/adapter.js';
import { InvalidParamError } from '../../sdk/errors.js';
import type { ParamValue } from '../../sdk/params.js';
import { parseMembersParam } from '../apache/patterns.js';
import { HttpService } from '../in-process/http-service.js';
import { RateMeter } from '../in-process/rate-meter.js';
import type { RedirectorOptions } from './options.js';
import { SmoothWeightedRoundRobin } from './smooth-weighted.js';

/** The members in force: as given (for params()), parsed, and their balancer. */
interface Members {
  texts: string[];
  parsed: Member[];
  balancer: SmoothWeightedRoundRobin<Member>;
}

function membersOf(texts: readonly string[]): Members {
  const parsed = parseMembersParam(texts);
  return { texts: [...texts], parsed, balancer: new SmoothWeightedRoundRobin(parsed) };
}

/** One redirecting dispatcher, served from the agent's own process. */
export class RedirectorInstance implements AdapterInstance {
  private members: Members;
  private readonly http: HttpService;
  private readonly meter: RateMeter;
  private redirects = 0;
  private refused = 0;
  private readonly elected = new Map<string, number>();
  private startedAt = 0;

  constructor(private readonly o: RedirectorOptions, private readonly ctx: AdapterContext) {
    this.members = membersOf(o.members);
    this.meter = new RateMeter(ctx.clock, () => this.redirects);
    this.http = new HttpService('redirector', (req, res) => this.serve(req, res), (reason) => {
      void this.meter.stop();
      ctx.exited(reason);
    });
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const text = (status: number, body: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : `${body}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'the redirector answers GET and HEAD only', { Allow: 'GET, HEAD' });
    // Only origin-form targets: the member gets the same path, never a host the client chose.
    const path = req.url ?? '';
    if (!path.startsWith('/')) return text(400, 'the redirector takes a path like /live');
    const member = this.members.balancer.next();
    if (!member) {
      this.refused++;
      const drained = this.members.parsed.length;
      return text(503, drained ? `no member with weight > 0 (${drained} drained)` : 'no members: nothing to redirect to');
    }
    this.redirects++;
    this.elected.set(member.address, (this.elected.get(member.address) ?? 0) + 1);
    text(302, `redirected to http://${member.address}${path}`, { Location: `http://${member.address}${path}` });
  }

  async start(): Promise<void> {
    if (this.http.running) return;
    this.redirects = 0;
    this.refused = 0;
    this.elected.clear();
    // A fresh balancer starts its smooth order from the beginning, as nginx does on a reload.
    this.members = membersOf(this.members.texts);
    await this.http.start(this.o.listen);
    this.startedAt = this.ctx.clock.now();
    await this.meter.start();
    this.ctx.log.info('redirector serving', { listen: formatHostPort(this.o.listen.host, this.http.port), members: this.members.texts });
  }

  async stop(): Promise<void> {
    await this.meter.stop();
    await this.http.stop();
  }

  async close(): Promise<void> {
    await this.stop();
  }

  params(): Record<string, ParamValue> {
    return { members: [...this.members.texts] };
  }

  /** The whole list is parsed before it replaces the old one; a bad item changes nothing. */
  async set(values: Record<string, ParamValue>): Promise<void> {
    if (values.members === undefined) return;
    if (!Array.isArray(values.members)) throw new InvalidParamError('members', 'must be a list of IP:PORT[=WEIGHT]');
    this.members = membersOf(values.members);
    this.ctx.log.info('redirector members set', { members: this.members.texts });
  }

  async status(): Promise<AdapterMetrics> {
    if (!this.http.running) return {};
    const m: AdapterMetrics = {
      uptime_seconds: (this.ctx.clock.now() - this.startedAt) / 1000,
      port: this.http.port,
      members: this.members.balancer.size,
      members_drained: this.members.parsed.length - this.members.balancer.size,
      redirects: this.redirects,
      redirects_per_sec: this.meter.rate,
      refused: this.refused,
    };
    for (const member of this.members.parsed) {
      m[`member:${member.address}:weight`] = member.weight;
      m[`member:${member.address}:elected`] = this.elected.get(member.address) ?? 0;
    }
    return m;
  }
}
