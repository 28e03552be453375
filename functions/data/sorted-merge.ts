/**
 * A keyset-paginated merge of sorted sources: several DynamoDB partitions (one per category in the
 * caller's scope) read as one listing in one total order. Each source is read lazily in chunks; an
 * item is emitted only once every source has been read past it, so the result is exactly the merge
 * of the sources. The position to continue from is a sort key, never an offset, which keeps pages
 * stable while items are inserted: an item is returned once, on the page its key falls on.
 */
export interface Keyed<T> {
  readonly key: string;
  readonly value: T;
}

export interface SortedSource<T> {
  /**
   * Items with keys after `after` (exclusive) in ascending order, reading at most `limit` candidates;
   * `position` is the last key read (undefined: the source is exhausted). A filtered source may
   * return no items and still have a position.
   */
  read(after: string | undefined, limit: number): Promise<{ items: Keyed<T>[]; position?: string | undefined }>;
}

export interface MergeOptions {
  readonly limit: number;
  /** Exclusive start: the key of the last item of the previous page. */
  readonly after?: string | undefined;
  /**
   * Candidates read from a source on its first read. Later reads size themselves from the share of
   * candidates that matched so far (what is still needed ÷ that share), doubling while nothing matched.
   */
  readonly firstChunk: number;
  readonly maxChunk: number;
  /**
   * Rounds of parallel reads before answering with what is ready. A page may then be short (even
   * empty) but its `after` is always past the request's, so paging on always ends.
   */
  readonly maxRounds: number;
}

interface SourceState<T> {
  readonly source: SortedSource<T>;
  buffer: Keyed<T>[];
  /** Everything up to here has been read; `undefined` once exhausted. */
  position: string | undefined;
  exhausted: boolean;
  chunk: number;
  /** Candidates read and items matched so far: the source's observed selectivity. */
  read: number;
  matched: number;
}

/** Enough candidates to find `need` more matches at the selectivity seen so far (+25%); doubles while blind. */
function nextChunk(state: { chunk: number; read: number; matched: number }, need: number, maxChunk: number): number {
  if (state.matched === 0) return Math.min(maxChunk, state.chunk * 2);
  const selectivity = state.matched / state.read;
  return Math.max(8, Math.min(maxChunk, Math.ceil((need / selectivity) * 1.25)));
}

export interface MergeResult<T> {
  readonly items: T[];
  /** Where the next page starts; undefined when nothing can follow. */
  readonly after?: string | undefined;
  /** Reads issued, for tests and metrics. */
  readonly reads: number;
  readonly rounds: number;
}

export async function mergeSorted<T>(sources: readonly SortedSource<T>[], options: MergeOptions): Promise<MergeResult<T>> {
  const states: SourceState<T>[] = sources.map((source) => ({ source, buffer: [], position: options.after, exhausted: false, chunk: options.firstChunk, read: 0, matched: 0 }));
  const items: T[] = [];
  let lastKey: string | undefined;
  let reads = 0;
  let rounds = 0;

  const head = (): SourceState<T> | undefined => {
    let best: SourceState<T> | undefined;
    for (const s of states) if (s.buffer.length > 0 && (!best || s.buffer[0]!.key < best.buffer[0]!.key)) best = s;
    return best;
  };

  for (;;) {
    const next = head();
    const nextKey = next?.buffer[0]?.key;
    // Sources that must be read further before `nextKey` can be emitted (or before anything can).
    const behind = states.filter((s) => !s.exhausted && s.buffer.length === 0 && (nextKey === undefined || s.position === undefined || s.position < nextKey));
    if (behind.length > 0) {
      if (rounds >= options.maxRounds) {
        // Out of budget: everything up to the least-read source's position has been seen and emitted.
        const frontier = behind.map((s) => s.position ?? '').reduce((a, b) => (b < a ? b : a));
        return { items, after: frontier, reads, rounds };
      }
      rounds++;
      reads += behind.length;
      const active = states.filter((s) => !s.exhausted).length;
      const needed = options.limit + 1 - items.length - states.reduce((n, s) => n + s.buffer.length, 0);
      await Promise.all(
        behind.map(async (s) => {
          const result = await s.source.read(s.position, s.chunk);
          s.read += s.chunk;
          s.matched += result.items.length;
          s.chunk = nextChunk(s, Math.max(1, Math.ceil(needed / Math.max(1, active))), options.maxChunk);
          s.buffer.push(...result.items.filter((i) => s.position === undefined || i.key > s.position));
          if (result.position === undefined) s.exhausted = true;
          else s.position = result.position;
        }),
      );
      continue;
    }
    if (!next) return { items, after: undefined, reads, rounds };
    const item = next.buffer.shift()!;
    if (item.key === lastKey) continue; // the same product from two sources (a category and a single entitled SKU)
    items.push(item.value);
    lastKey = item.key;
    if (items.length === options.limit) {
      const more = states.some((s) => s.buffer.some((b) => b.key !== lastKey) || !s.exhausted);
      return { items, after: more ? lastKey : undefined, reads, rounds };
    }
  }
}

/** A source over items already in memory (e.g. single entitled SKUs fetched by key). */
export function memorySource<T>(items: readonly Keyed<T>[]): SortedSource<T> {
  const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    read: async (after) => ({ items: sorted.filter((i) => after === undefined || i.key > after) }),
  };
}
