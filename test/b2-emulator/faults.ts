// Fault injection for client tests: each fault applies to the next N calls of one endpoint (or any, '*').
import { z } from 'zod';
import { B2Error } from './errors';
import { ENDPOINT_NAMES, type EndpointName } from './handlers/index';

const faultSchema = z.object({
  endpoint: z.enum([...ENDPOINT_NAMES, '*']),
  count: z.number().int().positive().default(1),
  status: z.number().int().min(100).max(599).optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  retryAfter: z.number().nonnegative().optional(),
  delayMs: z.number().nonnegative().optional(),
  drop: z.boolean().default(false),
  afterHandling: z.boolean().default(false),
  body: z.string().optional(),
});

export type FaultSpec = z.infer<typeof faultSchema>;

export interface PendingFault extends FaultSpec {
  id: number;
  remaining: number;
}

export function parseFaultSpec(raw: unknown): FaultSpec {
  const parsed = faultSchema.safeParse(raw);
  if (!parsed.success) throw new B2Error(400, 'bad_request', `invalid fault: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Does the fault replace the response? A fault with only delayMs (and maybe afterHandling) just slows the
 * real answer down; anything naming a status, code, message, body, Retry-After or a drop fails the call.
 */
export function isFailure(f: FaultSpec): boolean {
  return (
    f.drop ||
    f.status !== undefined ||
    f.code !== undefined ||
    f.message !== undefined ||
    f.body !== undefined ||
    f.retryAfter !== undefined
  );
}

/** Status when the fault names none: 429 if it sets Retry-After (a rate limit), else 500. */
export function faultStatus(f: FaultSpec): number {
  return f.status ?? (f.retryAfter !== undefined ? 429 : 500);
}

export class FaultQueue {
  private faults: PendingFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): PendingFault {
    const fault: PendingFault = { ...spec, id: this.nextId++, remaining: spec.count };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): PendingFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Consumes one use of the oldest fault matching this endpoint, if any. */
  take(endpoint: EndpointName): FaultSpec | undefined {
    const fault = this.faults.find((f) => f.endpoint === endpoint || f.endpoint === '*');
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}
