/**
 * One collection of a merchant-owned resource: get-or-404, add, list with paging, clear. Every
 * resource module keeps its objects in one of these, so ownership checks and paging live once.
 */
import { badRequest, type SandboxError } from './errors.js';

interface Owned {
  readonly id: string;
  readonly merchantId: string;
}

export interface Page<T> {
  items: T[];
  offset: number;
  limit: number;
  totalCount: number;
}

export class MerchantCollection<T extends Owned> {
  private readonly byId = new Map<string, T>();
  /** per merchant, in creation order (find operations list in this order) */
  private readonly byMerchant = new Map<string, T[]>();

  /**
   * @param notFound the platform's 404 for this resource
   * @param scoped ids are unique per merchant only (mandate references), not globally
   */
  constructor(
    private readonly notFound: (id: string) => SandboxError,
    private readonly scoped = false,
  ) {}

  private key(merchantId: string, id: string): string {
    return this.scoped ? `${merchantId}\n${id}` : id;
  }

  /** The resource when it exists and belongs to `merchantId`; otherwise the platform's 404. */
  get(merchantId: string, id: string | undefined): T {
    const v = this.byId.get(this.key(merchantId, id ?? ''));
    if (v === undefined || v.merchantId !== merchantId) throw this.notFound(id ?? '');
    return v;
  }

  /** The resource with this id, whoever owns it (pages and the admin API address resources by id alone). */
  lookup(id: string, merchantId?: string): T | undefined {
    return this.byId.get(merchantId === undefined ? id : this.key(merchantId, id));
  }

  has(merchantId: string, id: string): boolean {
    return this.byId.has(this.key(merchantId, id));
  }

  add(item: T): void {
    const k = this.key(item.merchantId, item.id);
    if (this.byId.has(k)) return;
    this.byId.set(k, item);
    let list = this.byMerchant.get(item.merchantId);
    if (list === undefined) {
      list = [];
      this.byMerchant.set(item.merchantId, list);
    }
    list.push(item);
  }

  delete(item: T): void {
    if (!this.byId.delete(this.key(item.merchantId, item.id))) return;
    const list = this.byMerchant.get(item.merchantId);
    const i = list?.indexOf(item) ?? -1;
    if (list !== undefined && i >= 0) list.splice(i, 1);
  }

  /** The merchant's resources, oldest first. */
  list(merchantId: string): readonly T[] {
    return this.byMerchant.get(merchantId) ?? [];
  }

  /** `offset`/`limit` from the query (400 when out of range), applied to the merchant's filtered list. */
  page(merchantId: string, query: URLSearchParams, keep: (item: T) => boolean): Page<T> {
    const { offset, limit } = paging(query);
    const all = this.list(merchantId).filter(keep);
    return { items: all.slice(offset, offset + limit), offset, limit, totalCount: all.length };
  }

  values(): IterableIterator<T> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  clear(): void {
    this.byId.clear();
    this.byMerchant.clear();
  }
}

/** The platform's paging parameters: offset >= 0 (default 0), limit 1-100 (default 10). */
export function paging(q: URLSearchParams): { offset: number; limit: number } {
  const o = q.get('offset');
  const l = q.get('limit');
  const offset = o === null ? 0 : Number(o);
  const limit = l === null ? 10 : Number(l);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('offset must be an integer >= 0', 'offset');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw badRequest('limit must be an integer from 1 to 100', 'limit');
  }
  return { offset, limit };
}
