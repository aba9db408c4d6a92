/**
 * What the store last saw of a stream's tail: the head's revision and the ids of the stream's
 * last `idWindow` events. With it, the next append to that stream reads only the head (one
 * event) and whatever was written since, instead of the whole id window: the ids it checks are
 * the same, since EventStoreDB never changes an event at a revision it has written (it can only
 * add later revisions, or hide earlier ones through a delete, `$tb`, `$maxCount` or a scavenge).
 *
 * The cache decides nothing on its own. A head that is not the remembered one (same revision
 * and id, or later revisions that continue it) makes the caller read the whole window again,
 * and so does an id of the batch among the remembered ones: only "none of these ids is in the
 * window" is answered from memory. An event hidden since it was remembered can therefore only
 * cost a full read, never a wrong answer.
 */
export interface CachedTail {
  /** The head's EventStoreDB revision. */
  readonly revision: bigint
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
