// Fault injection: what can go wrong between a client and a Milvus server, per route and per
// request count, so that a test can show what a client does about each.

/**
 * One fault. "Before" faults answer instead of the server, which then never acts; "after"
 * faults let the server act and then spoil the answer.
 */
export type Fault =
  /** Adds latency before the server acts; with a `Request-Timeout` shorter than that, the answer is HTTP 408. */
  | { type: 'latency'; ms: number }
  /** The server acts and answers, but the body comes in small pieces: headers first, then `chunkBytes` every `intervalMs`. */
  | { type: 'slowBody'; chunkBytes?: number; intervalMs?: number }
  /** Resets the connection (TCP RST), before the server acts (default) or after it acted. */
  | { type: 'reset'; when?: 'beforeExecution' | 'afterExecution' }
  /**
   * Answers with this HTTP status before the server acts. 429 comes with `Retry-After`
   * (default 1 s) and the server's JSON body; other statuses with a plain-text body, unless
   * `body` (and `contentType`) say otherwise.
   */
  | { type: 'status'; status: number; retryAfterSeconds?: number; body?: string; contentType?: string }
  /** Answers an error envelope at HTTP 200 before the server acts; `code: 1807` is the server's rate limiter. */
  | { type: 'error'; code: number; message?: string }
  /** The server acts, then its JSON answer arrives cut short (a complete HTTP message whose body is half the JSON). */
  | { type: 'truncatedJson' }
  /** A proxy's HTML "502 Bad Gateway" page, before the server acts. */
  | { type: 'badGateway' }
  /** The plain-text `404 page not found` of a server that lacks the route, before anything acts. */
  | { type: 'notFound' };

/** Which requests get a fault. */
export type FaultRule = {
  /** The route (such as `/v2/vectordb/jobs/external_collection/list`); every route when omitted. */
  route?: string;
  /** How many matching requests to skip before the fault starts. Default 0. */
  after?: number;
  /** How many matching requests get the fault, after the skipped ones. Default: every one. */
  times?: number;
  fault: Fault;
};

type ActiveRule = { rule: FaultRule; seen: number; applied: number };

const FAULT_TYPES = new Set(['latency', 'slowBody', 'reset', 'status', 'error', 'truncatedJson', 'badGateway', 'notFound']);

function checkRule(rule: FaultRule): FaultRule {
  const where = `fault rule ${JSON.stringify(rule)}`;
  if (!rule || typeof rule !== 'object' || !rule.fault || !FAULT_TYPES.has(rule.fault.type)) {
    throw new TypeError(`${where}: fault.type must be one of ${[...FAULT_TYPES].join(', ')}`);
  }
  for (const key of ['after', 'times'] as const) {
    const value = rule[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0))
      throw new TypeError(`${where}: ${key} must be a whole number >= 0`);
  }
  const { fault } = rule;
  if (fault.type === 'latency' && !(fault.ms >= 0)) throw new TypeError(`${where}: latency needs ms >= 0`);
  if (fault.type === 'status' && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
    throw new TypeError(`${where}: status must be an HTTP status code`);
  }
  if (fault.type === 'error' && !Number.isInteger(fault.code)) throw new TypeError(`${where}: error needs a whole-number code`);
  return rule;
}

/** The faults of a running emulator, with their counters. */
export class FaultSet {
  private readonly rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule: checkRule(rule), seen: 0, applied: 0 });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The faults for this request (and counts it against every rule that matches its route). */
  take(path: string): Fault[] {
    const faults: Fault[] = [];
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.route !== undefined && rule.route !== path) continue;
      active.seen++;
      if (active.seen <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && active.applied >= rule.times) continue;
      active.applied++;
      faults.push(rule.fault);
    }
    return faults;
  }
}

/** The HTML page nginx sends when its upstream fails. */
export const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
