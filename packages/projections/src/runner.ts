import {
  DEFAULT_PAGE_SIZE,
  type EventStore,
  type ProjectionStore,
  type RetryOptions,
  type SubscriberFailed,
  type Upcasters,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import { checkpointUnreadable, describeProjectionError, type ProjectionError } from './errors'
import { createFoldSet, type Slot } from './fold-set'
import type { Projection, StatesOf } from './projection'

/**
 * The runner's settings. `retry` and `onRetry` (core's `RetryOptions`) are for the live run
 * (`start()`): they go to the store's `subscribe` (default: an unavailable store is retried for
 * as long as it takes, back-off 100 ms doubling to 5 s, so the run waits out an outage and
 * resumes with no gap or duplicate; on EventStoreDB the store's own `subscription.retry` lies
 * under it). `catchUp()` is one pass and answers its first failed read, for its caller to retry.
 */
export interface ProjectionRunnerOptions<
  P extends readonly Projection<unknown>[],
> extends RetryOptions {
  readonly store: EventStore
  /** Where each projection's state and position are saved together. */
  readonly checkpoints: ProjectionStore
  readonly projections: P
  readonly upcasters?: Upcasters
  /** Save after this many events read (default 50,000: a save serialises the whole state), and whenever caught up. */
  readonly checkpointEvery?: number
  /** Events per `readAll` page while catching up (default and most: 1,000). */
  readonly pageSize?: number
  /** Called after each page while catching up: events read so far and the position reached. */
  readonly onProgress?: (events: number, position: bigint) => void
}

/** What `catchUp` did. */
export interface CatchUpResult {
  /** The position every projection now includes. */
  readonly position: bigint
  /** Events read from the store by this call. */
  readonly events: number
  /** Projections whose saved checkpoint was of another version, rebuilt from the start. */
  readonly rebuilt: readonly string[]
}

/** Projections kept up to date by a subscription. */
export interface LiveProjections {
  /** Stops after the event being folded, saves, and resolves with how the run ended. */
  stop(): Promise<E.Either<ProjectionError | SubscriberFailed, void>>
  /** Settles when the subscription ends (stopped, or failed). */
  readonly done: Promise<E.Either<ProjectionError | SubscriberFailed, void>>
  /** Resolves once every projection includes `position`. */
  reached(position: bigint): Promise<void>
}

export interface ProjectionRunner<P extends readonly Projection<unknown>[]> {
  /**
   * Loads the saved checkpoints, reads the log from the lowest saved position to its head, and
   * saves. A restart resumes where the saved state stands instead of replaying from zero. One
   * pass: the first failed read or save is the answer (a later call resumes from the last save).
   */
  catchUp(): Promise<E.Either<ProjectionError, CatchUpResult>>
  /**
   * Catches up and keeps following the store (`subscribe`), saving every `checkpointEvery`
   * events and when caught up. Failed reads are retried as `retry` says (by default for as
   * long as the store is unavailable, each told to `onRetry`); `done` settles with `Left` when
   * the policy gives up, the store is closed, an event is unreadable or a save fails.
   */
  start(): LiveProjections
  /** Every projection's current state, in the order given. */
  states(): StatesOf<P>
  /** One projection's current state. */
  state<S>(projection: Projection<S>): S
  /** The position `projection`'s state includes (the lowest of all when none is given). */
  position(projection?: Projection<unknown>): bigint
}

const FORMAT = 'gdpr-ledger/projection'

interface SavedState {
  readonly format: typeof FORMAT
  readonly version: number
  readonly state: unknown
}

const serialise = (slot: Slot): string =>
  JSON.stringify({ format: FORMAT, version: slot.projection.version, state: slot.state })

const parseSaved = (text: string): SavedState | undefined => {
  try {
    const parsed = JSON.parse(text) as Partial<SavedState> | null
    return typeof parsed === 'object' &&
      parsed !== null &&
      parsed.format === FORMAT &&
      typeof parsed.version === 'number' &&
      'state' in parsed
      ? (parsed as SavedState)
      : undefined
  } catch {
    return undefined
  }
}

/** Carries a typed error out of a subscriber callback, which can only throw. */
class FoldFailed extends Error {
  constructor(readonly error: ProjectionError) {
    super(describeProjectionError(error))
  }
}

/**
 * Runs projections over a store: catches them up from their saved checkpoints (`readAll`
 * pages), then optionally follows new events (`subscribe`). State and position are saved
 * together through the `ProjectionStore`, each projection under its own name, so a restart
 * never holds a position ahead of its state and never replays from zero. The live run waits
 * out an unavailable store by default (`retry`, `onRetry`: core's `RetryPolicy`, the same on
 * every store) and resumes with no gap or duplicate.
 *
 * @example
 * ```ts
 * import { createInMemoryProjectionStore } from '@gdpr-ledger/core'
 * import { createProjectionRunner, dsrTrackerProjection, registerProjection } from '@gdpr-ledger/projections'
 *
 * const runner = createProjectionRunner({
 *   store,
 *   checkpoints: createInMemoryProjectionStore(),
 *   projections: [registerProjection, dsrTrackerProjection] as const,
 * })
 * const caughtUp = await runner.catchUp()
 * const [register, dsrs] = runner.states()
 *
 * // Following the store: outages are waited out, and each retry is logged.
 * const live = createProjectionRunner({
 *   store,
 *   checkpoints,
 *   projections: [registerProjection] as const,
 *   onRetry: (error, attempt, delayMs) => logger.warn(describeError(error), { attempt, delayMs }),
 * }).start()
 * ```
 */
export const createProjectionRunner = <const P extends readonly Projection<unknown>[]>(
  options: ProjectionRunnerOptions<P>,
): ProjectionRunner<P> => {
  const every = options.checkpointEvery ?? 50_000
  if (!Number.isSafeInteger(every) || every < 1)
    throw new TypeError('checkpointEvery must be a whole number ≥ 1')
  const limit = Math.min(options.pageSize ?? DEFAULT_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  const set = createFoldSet(options.projections, options.upcasters)
  const saved = new Map<Slot, bigint>()
  let loaded: Promise<E.Either<ProjectionError, readonly string[]>> | undefined

  const load = async (): Promise<E.Either<ProjectionError, readonly string[]>> => {
    const rebuilt: string[] = []
    for (const slot of set.slots) {
      const name = slot.projection.name
      const checkpoint = await options.checkpoints.load(name)
      if (E.isLeft(checkpoint)) return checkpoint
      if (checkpoint.right === undefined) {
        saved.set(slot, 0n)
        continue
      }
      const parsed = parseSaved(checkpoint.right.state)
      if (parsed === undefined)
        return E.left(checkpointUnreadable(name, 'the saved state is not a projection checkpoint'))
      if (parsed.version !== slot.projection.version) {
        rebuilt.push(name)
        saved.set(slot, -1n)
        continue
      }
      slot.state = parsed.state
      slot.position = checkpoint.right.position
      saved.set(slot, slot.position)
    }
    return E.right(rebuilt)
  }
  // A load that failed is not kept: the next catchUp or start tries again.
  const ensureLoaded = () =>
    (loaded ??= load().then((result) => {
      if (E.isLeft(result)) loaded = undefined
      return result
    }))

  // Saves run one after another, so a later snapshot is never overwritten by an earlier one.
  let saving: Promise<E.Either<ProjectionError, void>> = Promise.resolve(E.right(undefined))
  const save = (): Promise<E.Either<ProjectionError, void>> => {
    // Serialised now, in one synchronous step: the snapshot is the state at this moment.
    const snapshots = set.slots
      .filter((slot) => saved.get(slot) !== slot.position)
      .map((slot) => ({ slot, position: slot.position, state: serialise(slot) }))
    // An earlier save that failed is its caller's answer; this one tries again what that one
    // did not write (every projection whose saved position is behind).
    saving = saving.then(async () => {
      for (const { slot, position, state } of snapshots) {
        const result = await options.checkpoints.save(slot.projection.name, { position, state })
        if (E.isLeft(result)) return result
        saved.set(slot, position)
      }
      return E.right(undefined)
    })
    return saving
  }

  const catchUp = async (): Promise<E.Either<ProjectionError, CatchUpResult>> => {
    const ready = await ensureLoaded()
    if (E.isLeft(ready)) return ready
    let position = set.lowest()
    let events = 0
    let sinceSave = 0
    for (;;) {
      const page = await options.store.readAll({ after: position, limit })
      if (E.isLeft(page)) return page
      let fresh = 0
      for (const stored of page.right) {
        const unreadable = set.offer(stored)
        if (unreadable !== undefined) return E.left(unreadable)
        if (stored.position > position) {
          position = stored.position
          fresh += 1
        }
      }
      // Nothing beyond what was read before: the head (a store that redelivers ends here too).
      if (fresh === 0) break
      events += fresh
      sinceSave += fresh
      options.onProgress?.(events, position)
      if (sinceSave >= every) {
        sinceSave = 0
        const result = await save()
        if (E.isLeft(result)) return result
      }
    }
    const result = await save()
    if (E.isLeft(result)) return result
    return E.right({ position: set.lowest(), events, rebuilt: ready.right })
  }

  const start = (): LiveProjections => {
    const waiters = new Set<{ position: bigint; resolve: () => void }>()
    const wake = () => {
      const low = set.lowest()
      for (const waiter of waiters) {
        if (low >= waiter.position) {
          waiters.delete(waiter)
          waiter.resolve()
        }
      }
    }
    const controller = new AbortController()
    let stopSubscription: (() => Promise<void>) | undefined
    const run = async (): Promise<E.Either<ProjectionError | SubscriberFailed, void>> => {
      const ready = await ensureLoaded()
      if (E.isLeft(ready)) return ready
      if (controller.signal.aborted) return save()
      let sinceSave = 0
      let saveFailed: ProjectionError | undefined
      const subscription = options.store.subscribe({
        after: set.lowest(),
        batchSize: limit,
        signal: controller.signal,
        ...(options.retry === undefined ? {} : { retry: options.retry }),
        ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
        onEvent: async (stored) => {
          const unreadable = set.offer(stored)
          if (unreadable !== undefined) throw new FoldFailed(unreadable)
          wake()
          sinceSave += 1
          if (sinceSave >= every) {
            sinceSave = 0
            const result = await save()
            if (E.isLeft(result)) throw new FoldFailed(result.left)
          }
        },
        onCaughtUp: () => {
          sinceSave = 0
          // A failed save ends the run at once (its error is the answer), not at the next save.
          void save().then((saved) => {
            if (E.isRight(saved)) return
            saveFailed ??= saved.left
            controller.abort()
          })
          wake()
        },
      })
      stopSubscription = () => subscription.stop()
      const ended = await subscription.done
      const saving = await save()
      if (E.isLeft(ended)) {
        const cause = ended.left._tag === 'SubscriberFailed' ? ended.left.cause : undefined
        return cause instanceof FoldFailed ? E.left(cause.error) : ended
      }
      return saveFailed === undefined ? saving : E.left(saveFailed)
    }
    const done = run()
    return {
      done,
      reached: (position) =>
        new Promise<void>((resolve) => {
          waiters.add({ position, resolve })
          wake()
        }),
      stop: async () => {
        controller.abort()
        await stopSubscription?.()
        return done
      },
    }
  }

  return {
    catchUp,
    start,
    states: () => set.slots.map((slot) => slot.state) as StatesOf<P>,
    state: <S>(projection: Projection<S>): S => {
      const slot = set.slots.find((s) => s.projection === projection)
      if (slot === undefined)
        throw new TypeError(`projection "${projection.name}" is not run by this runner`)
      return slot.state as S
    },
    position: (projection) => {
      if (projection === undefined) return set.lowest()
      const slot = set.slots.find((s) => s.projection === projection)
      if (slot === undefined)
        throw new TypeError(`projection "${projection.name}" is not run by this runner`)
      return slot.position
    },
  }
}
