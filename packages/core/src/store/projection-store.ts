import * as E from 'fp-ts/lib/Either.js'
import type { StoreError } from '../errors'

/**
 * The `ProjectionStore` port: a named consumer's state and the position it reflects, saved
 * and loaded together, so a restarted runner resumes exactly where its state stands and
 * never holds a position ahead of its state.
 */

/** A consumer's serialised state and the global position it includes. */
export interface ProjectionCheckpoint {
  readonly position: bigint
  /** The consumer's state, serialised by the consumer (usually JSON). */
  readonly state: string
}

export interface ProjectionStore {
  /** The last saved checkpoint of `name`, or `undefined` when it never saved one. */
  load(name: string): Promise<E.Either<StoreError, ProjectionCheckpoint | undefined>>
  /** Saves state and position in one atomic step, replacing the previous checkpoint. */
  save(name: string, checkpoint: ProjectionCheckpoint): Promise<E.Either<StoreError, void>>
}

/** An in-memory `ProjectionStore`; pass the same `Map` to a new instance to model a restart. */
export const createInMemoryProjectionStore = (
  checkpoints: Map<string, ProjectionCheckpoint> = new Map(),
): ProjectionStore & { readonly checkpoints: Map<string, ProjectionCheckpoint> } => ({
  checkpoints,
  load: async (name) => E.right(checkpoints.get(name)),
  save: async (name, checkpoint) => {
    if (typeof checkpoint.state !== 'string' || checkpoint.position < 0n) {
      throw new TypeError('a checkpoint holds a string state and a position ≥ 0')
    }
    checkpoints.set(name, { position: checkpoint.position, state: checkpoint.state })
    return E.right(undefined)
  },
})
