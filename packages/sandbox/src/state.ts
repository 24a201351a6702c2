/**
 * `SandboxState`, the 0.1 handle on a sandbox's state, kept (deprecated) on top of the context so
 * that code and tests written against it keep working. New code uses `sandbox.context`.
 */
import type { SandboxContext } from './context.js';
import type { Capture, Payment, Refund } from './domain/model.js';
import { handlers } from './server-api/index.js';
import type { OpRequest, OpResult } from './server-api/types.js';

/** @deprecated the 0.1 `state.platform`: use `context.domain` */
export interface LegacyPlatform {
  readonly payments: { get(id: string): Payment | undefined };
  readonly captures: { get(id: string): Capture | undefined };
  readonly refunds: { get(id: string): Refund | undefined };
  /** Runs one Server API operation straight against the handlers (no HTTP, no authentication). */
  handle(req: OpRequest): OpResult | undefined;
  settle(all?: boolean): number;
}

/** @deprecated use `Sandbox.context` */
export class SandboxState {
  readonly platform: LegacyPlatform;

  constructor(readonly context: SandboxContext) {
    const d = context.domain;
    this.platform = {
      payments: { get: (id) => d.stores.payments.lookup(id) },
      captures: { get: (id) => d.stores.captures.lookup(id) },
      refunds: { get: (id) => d.stores.refunds.lookup(id) },
      handle: (req) => {
        const h = (handlers as Record<string, ((c: SandboxContext, r: OpRequest) => OpResult) | undefined>)[req.opId];
        return h === undefined ? undefined : h(context, req);
      },
      settle: (all) => d.settle(all),
    };
  }

  get clock() {
    return this.context.clock;
  }

  /** operation ids answered so far (with any status) */
  get operationsSeen(): Set<string> {
    return this.context.stats.operationsSeen;
  }

  /** operation ids answered with a 2xx status so far */
  get operationsSucceeded(): Set<string> {
    return this.context.stats.operationsSucceeded;
  }

  reset(): void {
    this.context.reset();
  }

  settle(): number {
    return this.context.domain.settle(true);
  }

  advanceClock(ms: number): void {
    this.context.domain.advanceClock(ms);
  }
}
