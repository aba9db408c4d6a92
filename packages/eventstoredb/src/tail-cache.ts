/**
 * What the store last saw of a stream's tail: the head's revision and hash, and the ids of the
 * stream's last `idWindow` events. With it, an append to that stream is sent at once, chained
 * onto the remembered head at its revision: EventStoreDB accepts it only if the stream's head
 * is still at that revision, and it never changes an event at a revision it has written (it can
 * only add later revisions, or hide earlier ones through a delete, `$tb`, `$maxCount` or a
 * scavenge). So a remembered head that still holds is the head, and the ids behind it are the
 * ids of the window.
 *
 * The cache decides nothing on its own. A stale memory makes the append fail its expected
 * revision, and the store then reads the head (and what was written since: if it continues the
 * remembered tail, the window is known without reading it). An id of the batch among the
 * remembered ones, or another head, makes it read the whole window again. A head hidden by a
 * delete since it was remembered shows when the append reads back what it wrote, which starts
 * at that head. A memory can therefore only cost reads, never a wrong answer.
 */
export interface CachedTail {
  /** The head's EventStoreDB revision. */
  readonly revision: bigint
  /** The head's hash: what an append chained onto it links to. */
  readonly hash: string
  /** The ids of the stream's last events, oldest first, the head's last; lower case. */
  readonly ids: readonly string[]
}

/** Tails of the streams appended to most recently, at most `capacity` of them. */
export class TailCache {
  readonly #capacity: number
  readonly #tails = new Map<string, CachedTail>()

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  get(streamId: string): CachedTail | undefined {
    const tail = this.#tails.get(streamId)
    if (tail !== undefined) {
      // Most recently used last, so the first key is the one to evict.
      this.#tails.delete(streamId)
      this.#tails.set(streamId, tail)
    }
    return tail
  }

  set(streamId: string, tail: CachedTail): void {
    if (this.#capacity === 0) return
    this.#tails.delete(streamId)
    this.#tails.set(streamId, tail)
    if (this.#tails.size > this.#capacity) {
      const oldest = this.#tails.keys().next()
      if (oldest.done !== true) this.#tails.delete(oldest.value)
    }
  }

  delete(streamId: string): void {
    this.#tails.delete(streamId)
  }

  get size(): number {
    return this.#tails.size
  }
}
