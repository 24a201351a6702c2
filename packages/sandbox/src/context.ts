/**
 * Everything one sandbox instance holds, built once by app.ts and handed to every surface. No
 * module-level state anywhere: two sandboxes in one process share nothing.
 */
import type { IncomingMessage } from 'node:http';
import type { CatalogueRequest, CatalogueResponse } from './catalogue/index.js';
import { handleCatalogueOperation } from './catalogue/index.js';
import { Access } from './domain/access.js';
import { Clock } from './domain/clock.js';
import { Faults } from './domain/faults.js';
import { IdempotenceStore } from './domain/idempotence.js';
import { Domain } from './domain/index.js';
import { EventBus } from './events/bus.js';
import { EventLog } from './events/log.js';
import { WebhookDelivery } from './events/webhooks.js';
import type { ResolvedOptions } from './options.js';

/** Which operations were answered since the last reset (coverage checks in tests). */
export interface OperationStats {
  /** operation ids answered so far (with any status) */
  readonly operationsSeen: Set<string>;
  /** operation ids answered with a 2xx status so far */
  readonly operationsSucceeded: Set<string>;
}

export class SandboxContext {
  readonly clock = new Clock();
  readonly bus: EventBus;
  readonly events: EventLog;
  readonly webhooks: WebhookDelivery;
  readonly domain: Domain;
  readonly access = new Access();
  readonly faults = new Faults();
  readonly idempotence: IdempotenceStore;
  readonly stats: OperationStats = { operationsSeen: new Set(), operationsSucceeded: new Set() };
  /** the base URL of the last Host header seen (most requests repeat it) */
  private lastHost: string | undefined;
  private lastBase = '';
  /** set by app.ts once the server listens: `http://127.0.0.1:<port>` */
  listenUrl = '';

  constructor(readonly options: ResolvedOptions) {
    this.bus = new EventBus(() => this.clock.now());
    this.events = new EventLog(this.bus);
    this.webhooks = new WebhookDelivery(this.bus, options.webhooks);
    this.domain = new Domain(options, this.clock, this.bus);
    this.idempotence = new IdempotenceStore(options.idempotenceTtlMs);
    this.access.addMerchant(options.merchantId);
    for (const m of options.merchants) this.access.addMerchant(m);
    this.access.addKey({
      apiKeyId: options.apiKeyId,
      secretApiKey: options.secretApiKey,
      merchantIds: [options.merchantId],
    });
    for (const k of options.keys) this.access.addKey(k);
    for (const ep of options.webhooks.endpoints) this.webhooks.add({ ...ep });
  }

  /** Answers a catalogue operation: the configured catalogue first, the built-in one for what it leaves. */
  catalogue(opId: string, req: CatalogueRequest): CatalogueResponse | undefined {
    return this.options.catalogue?.(opId, req) ?? handleCatalogueOperation(opId, req);
  }

  /**
   * Where customers and clients reach this sandbox, for links in responses: `http://<Host>` of the
   * request (so a sandbox behind a port mapping links to itself), else the listen URL.
   */
  baseUrl(req: IncomingMessage): string {
    const h = req.headers.host;
    if (h !== undefined && h === this.lastHost) return this.lastBase;
    if (h === undefined || !/^[A-Za-z0-9.\-[\]:]+$/.test(h)) return this.listenUrl;
    this.lastHost = h;
    this.lastBase = `http://${h}`;
    return this.lastBase;
  }

  /** Forgets all payments, refunds, events, idempotence keys, faults and the clock offset; keeps keys and webhooks. */
  reset(): void {
    this.domain.reset();
    this.idempotence.clear();
    this.faults.clear();
    this.events.clear();
    this.webhooks.reset();
    this.clock.reset();
    this.stats.operationsSeen.clear();
    this.stats.operationsSucceeded.clear();
    this.bus.emit('', 'sandbox.reset', 'sandbox', {}, false);
  }
}
