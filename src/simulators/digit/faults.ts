// Fault injection in front of the DIGIT routes: latency, 5xx, hang, commit-then-hang, down.
import type { NextFunction, Request, Response } from 'express';
import { entry, envelope } from './errors';
import { classify, type RouteName } from './http/routes';

export type FaultRoute = 'login' | 'fetchbill' | 'billsearch' | 'create' | 'paymentsearch' | '*';
export type FaultMode = 'latency' | 'error5xx' | 'hang' | 'commitThenHang' | 'down';

export interface FaultSpec {
  route: FaultRoute;
  mode: FaultMode;
  /** latency mode: added delay */
  latencyMs?: number;
  /** only the next N matching calls; default: until cleared */
  times?: number;
  /** error5xx: answer this status; default cycles 502, 503, 500 */
  status?: 500 | 502 | 503;
}

const ROUTES: ReadonlySet<string> = new Set(['login', 'fetchbill', 'billsearch', 'create', 'paymentsearch', '*']);
const MODES: ReadonlySet<string> = new Set(['latency', 'error5xx', 'hang', 'commitThenHang', 'down']);

/** Checks an admin-supplied spec; returns an error text or undefined. */
export function faultSpecProblem(spec: Partial<FaultSpec>): string | undefined {
  if (!ROUTES.has(spec.route as string)) return `route must be one of ${[...ROUTES].join(', ')}`;
  if (!MODES.has(spec.mode as string)) return `mode must be one of ${[...MODES].join(', ')}`;
  if (spec.mode === 'latency' && !(Number.isInteger(spec.latencyMs) && (spec.latencyMs as number) >= 0)) return 'latency needs latencyMs >= 0';
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) return 'times must be a positive integer';
  if (spec.status !== undefined && ![500, 502, 503].includes(spec.status)) return 'status must be 500, 502 or 503';
  return undefined;
}

/** 5xx bodies as the gateway / a crashed service would send them. */
function errorBody(status: number) {
  if (status === 502) return envelope([entry('HttpHostConnectException', 'The backend service is unreachable', null)]);
  if (status === 503) return envelope([entry('ServiceUnavailable', 'Service Unavailable', 'upstream connect error or disconnect/reset before headers')]);
  return envelope([entry('NullPointerException', 'An unhandled exception occurred on the server', null)]);
}

interface ActiveFault extends FaultSpec {
  remaining: number;
  hits: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private readonly hung = new Set<Response>();
  private readonly timers = new Set<NodeJS.Timeout>();

  set(spec: FaultSpec): void {
    // one fault per route: a new one replaces the old
    this.faults = this.faults.filter((f) => f.route !== spec.route);
    this.faults.push({ ...spec, remaining: spec.times ?? Infinity, hits: 0 });
  }

  list(): FaultSpec[] {
    return this.faults.map(({ remaining, hits, ...spec }) => ({ ...spec, ...(Number.isFinite(remaining) ? { times: remaining } : {}) }));
  }

  /** Removes every fault; requests held by hang/commitThenHang get their connection closed. */
  clear(): void {
    this.faults = [];
    this.releaseAll();
  }

  /** Ends everything held open (server close, reset). */
  releaseAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const res of this.hung) res.socket?.destroy();
    this.hung.clear();
  }

  private take(route: RouteName): ActiveFault | undefined {
    const f = this.faults.find((x) => x.route === route) ?? this.faults.find((x) => x.route === '*');
    if (!f) return undefined;
    f.remaining -= 1;
    f.hits += 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  private hold(res: Response): void {
    this.hung.add(res);
    res.on('close', () => this.hung.delete(res));
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const route = classify(req.path).name;
      const fault = route === 'other' ? undefined : this.take(route);
      if (!fault) return next();
      switch (fault.mode) {
        case 'latency': {
          const t = setTimeout(() => {
            this.timers.delete(t);
            next();
          }, fault.latencyMs ?? 0);
          this.timers.add(t);
          return;
        }
        case 'error5xx': {
          const status = fault.status ?? ([502, 503, 500] as const)[(fault.hits - 1) % 3];
          res.status(status).json(errorBody(status));
          return;
        }
        case 'hang':
          this.hold(res);
          return;
        case 'down':
          req.socket.destroy();
          return;
        case 'commitThenHang':
          // the route runs and commits; whatever it answers is swallowed
          this.hold(res);
          res.json = () => res;
          res.send = () => res;
          return next();
      }
    };
  }
}
