/** Async iteration over every item of an offset/limit `find` operation. */

/** One page as the platform returns it: `{ offset, limit, totalCount, <items>: [...] }`. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly offset: number;
  readonly limit: number | undefined;
  readonly totalCount: number | undefined;
  /** The complete response body of the page. */
  readonly response: unknown;
}

/**
 * `for await (const item of m.payments.list(query))` visits every item of every page. Pages are fetched lazily,
 * one at a time, and only while the loop asks for more.
 */
export interface PagedIterable<T> extends AsyncIterable<T> {
  /** Iterates page by page instead of item by item. */
  pages(): AsyncIterable<Page<T>>;
  /** Collects every item (careful with large result sets); `max` stops early. */
  toArray(max?: number): Promise<T[]>;
}

export type PageFetcher = (offset: number) => Promise<unknown>;

export class OffsetPager<T> implements PagedIterable<T> {
  constructor(
    private readonly fetchPage: PageFetcher,
    private readonly itemsField: string,
    private readonly startOffset: number,
  ) {}

  async *pages(): AsyncGenerator<Page<T>> {
    let offset = this.startOffset;
    for (;;) {
      const body = (await this.fetchPage(offset)) as Record<string, unknown> | null | undefined;
      const raw = body?.[this.itemsField];
      const items = (Array.isArray(raw) ? raw : []) as T[];
      const totalCount = typeof body?.['totalCount'] === 'number' ? (body['totalCount'] as number) : undefined;
      const limit = typeof body?.['limit'] === 'number' ? (body['limit'] as number) : undefined;
      const pageOffset = typeof body?.['offset'] === 'number' ? (body['offset'] as number) : offset;
      yield { items, offset: pageOffset, limit, totalCount, response: body };
      if (items.length === 0) return;
      offset = pageOffset + items.length;
      if (totalCount !== undefined && offset >= totalCount) return;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.pages()) yield* page.items;
  }

  async toArray(max = Number.POSITIVE_INFINITY): Promise<T[]> {
    const out: T[] = [];
    if (max <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= max) break;
    }
    return out;
  }
}
