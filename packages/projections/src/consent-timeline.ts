import {
  coveringConsent,
  streamIds,
  subjectDecider,
  toDomainEvent,
  type Channel,
  type ConsentRecord,
  type DomainEvent,
  type EventStore,
  type Jurisdiction,
  type StreamEvent,
  type SubjectState,
  type Upcasters,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import type { AsOf } from './as-of'
import { byString } from './dict'
import type { ProjectionError } from './errors'
import { forEachStreamEvent } from './stream-reader'

/** One consent, from when it was given until it was withdrawn (if it was). */
export interface ConsentPeriod {
  readonly purpose: string
  readonly givenAt: string
  /** The notice the subject was shown (Art. 7(1) proof). */
  readonly noticeVersion: string
  readonly channel: Channel
  readonly parentalAuthorisation?: boolean
  readonly withdrawnAt?: string
  readonly withdrawnVia?: Channel
}

/** A subscriber's consents towards one controller, per purpose, in the order given. */
export interface ConsentTimeline {
  readonly controllerId: string
  readonly subjectId: string
  readonly purposes: readonly {
    readonly purpose: string
    readonly periods: readonly ConsentPeriod[]
  }[]
}

export interface ConsentTimelineQuery {
  readonly controllerId: string
  readonly subjectId: string
  /** Only this purpose (default every purpose). */
  readonly purpose?: string
  /** The timeline as the ledger knew it then. */
  readonly asOf?: AsOf
  readonly upcasters?: Upcasters
}

/** A subject's rights state, and the channel of each withdrawal by purpose and time. */
export interface LoadedSubject {
  readonly state: SubjectState
  readonly withdrawals: ReadonlyMap<string, Channel>
}

/**
 * The subject's rights state as the ledger stood at `asOf`, folded by the subject decider's
 * own `evolve` from the subject's rights stream, with the channel of each withdrawal.
 */
export const loadSubjectState = async (
  store: Pick<EventStore, 'readStream'>,
  query: Omit<ConsentTimelineQuery, 'purpose'>,
): Promise<E.Either<ProjectionError, LoadedSubject>> => {
  let state = subjectDecider.initialState()
  const withdrawals = new Map<string, Channel>()
  const read = await forEachStreamEvent(
    store,
    streamIds.subject(query.controllerId, query.subjectId),
    { asOf: query.asOf, upcasters: query.upcasters },
    (event) => {
      state = subjectDecider.evolve(
        state,
        toDomainEvent(event) as DomainEvent<StreamEvent<'subject'>>,
      )
      if (event.type === 'ConsentWithdrawn')
        withdrawals.set(`${event.data.purpose}\u0000${event.occurredAt}`, event.data.channel)
    },
  )
  return E.map(() => ({ state, withdrawals }))(read)
}

/**
 * The consent timeline from a subject's rights state (see `loadSubjectState`): every consent
 * per purpose with its notice version and channel, and when and how it was withdrawn.
 */
export const timelineOf = (
  subject: LoadedSubject,
  query: Pick<ConsentTimelineQuery, 'controllerId' | 'subjectId' | 'purpose'>,
): ConsentTimeline => {
  const { state, withdrawals } = subject
  const byPurpose = new Map<string, ConsentPeriod[]>()
  for (const consent of state.consents) {
    if (query.purpose !== undefined && consent.purpose !== query.purpose) continue
    const via =
      consent.withdrawnAt === undefined
        ? undefined
        : withdrawals.get(`${consent.purpose}\u0000${consent.withdrawnAt}`)
    const period: ConsentPeriod = {
      purpose: consent.purpose,
      givenAt: consent.givenAt,
      noticeVersion: consent.noticeVersion,
      channel: consent.channel,
      ...(consent.parentalAuthorisation === undefined
        ? {}
        : { parentalAuthorisation: consent.parentalAuthorisation }),
      ...(consent.withdrawnAt === undefined ? {} : { withdrawnAt: consent.withdrawnAt }),
      ...(via === undefined ? {} : { withdrawnVia: via }),
    }
    const periods = byPurpose.get(consent.purpose)
    if (periods === undefined) byPurpose.set(consent.purpose, [period])
    else periods.push(period)
  }
  return {
    controllerId: query.controllerId,
    subjectId: query.subjectId,
    purposes: [...byPurpose.entries()]
      .map(([purpose, periods]) => ({
        purpose,
        periods: [...periods].sort(byString((p) => p.givenAt)),
      }))
      .sort(byString((p) => p.purpose)),
  }
}

/**
 * Builds the consent timeline of one subscriber from their rights stream: every consent per
 * purpose with its notice version and channel, and when and how it was withdrawn.
 *
 * @example
 * ```ts
 * import { consentStatusAt, consentTimeline } from '@gdpr-ledger/projections'
 *
 * const timeline = await consentTimeline(store, { controllerId: 'telco_se', subjectId: 'sub-8f3a' })
 * if (E.isRight(timeline)) for (const p of timeline.right.purposes) console.log(p.purpose, p.periods)
 * ```
 */
export const consentTimeline = async (
  store: Pick<EventStore, 'readStream'>,
  query: ConsentTimelineQuery,
): Promise<E.Either<ProjectionError, ConsentTimeline>> => {
  const loaded = await loadSubjectState(store, query)
  return E.map((subject: LoadedSubject) => timelineOf(subject, query))(loaded)
}

/** Whether a consent covers a purpose at a time, and which. */
export type ConsentStatus =
  { readonly status: 'given'; readonly consent: ConsentRecord } | { readonly status: 'not-given' }

/**
 * The consent status of one purpose at `at`, judged by core's `coveringConsent`, the very
 * function the consent rule uses (given at or before `at`, valid for the subject's age, not
 * withdrawn between its giving and `at`).
 *
 * @example
 * ```ts
 * const subject = await loadSubjectState(store, { controllerId: 'telco_se', subjectId: 'sub-8f3a' })
 * if (E.isRight(subject))
 *   consentStatusAt(subject.right.state, 'marketing', '2026-11-23T10:00:00Z', jurisdictions.SE)
 * ```
 */
export const consentStatusAt = (
  subject: SubjectState,
  purpose: string,
  at: string,
  jurisdiction: Jurisdiction,
): ConsentStatus => {
  const consent = coveringConsent(subject, purpose, at, jurisdiction)
  return consent === undefined ? { status: 'not-given' } : { status: 'given', consent }
}
