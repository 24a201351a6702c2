/**
 * Everything one sandbox instance holds, built once by app.ts and handed to every surface. No
 * module-level state anywhere: two sandboxes in one process share nothing.
 */
import { randomBytes } from 'node:crypto';
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
import type { RequestRecord } from './http/request-log.js';
import { checkPublicUrl, type ResolvedOptions } from './options.js';

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
  /**
   * The secret a page served by this sandbox (the dashboard) sends as `X-Sandbox-Admin-Token` to
   * change state through the admin API; other browser pages cannot know it. Random per instance.
   */
  readonly adminToken = randomBytes(24).toString('base64url');
  readonly stats: OperationStats = { operationsSeen: new Set(), operationsSucceeded: new Set() };
  /** where customers and clients reach this sandbox: the `publicUrl` option, else the listen URL (set by app.ts) */
  private publicBase = '';
  /** told about every answered request (the terminal log of `connect-sandbox start`) */
  readonly requestListeners = new Set<(r: RequestRecord) => void>();

  constructor(readonly options: ResolvedOptions) {
    this.publicBase = options.publicUrl ?? '';
    this.bus = new EventBus(() => this.clock.now());
    this.events = new EventLog(this.bus);
    this.webhooks = new WebhookDelivery(this.bus, options.webhooks);
    this.domain = new Domain(options, this.clock, this.bus);
    this.idempotence = new IdempotenceStore({
      ttlMs: options.idempotenceTtlMs,
      rejectedTtlMs: Math.min(options.idempotenceRejectedTtlMs, options.idempotenceTtlMs),
      maxEntries: options.idempotenceMaxEntries,
    });
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
   * The base URL for links in responses (partialRedirectUrl, redirect URLs, Location). Always the
   * configured public URL: never the request's unsigned Host header, which anyone can set.
   */
  baseUrl(_req?: IncomingMessage): string {
    return this.publicBase;
  }

  get publicUrl(): string {
    return this.publicBase;
  }

  /** Changes where links point (a sandbox put behind a proxy after it started); same rules as the option. */
  setPublicUrl(url: string): void {
    this.publicBase = checkPublicUrl(url);
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
