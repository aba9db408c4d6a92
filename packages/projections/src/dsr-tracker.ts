import {
  dsrTimeliness,
  outstandingRecipientNotifications,
  type Channel,
  type DeletionConfirmation,
  type DsrState,
  type Jurisdiction,
  type RequestKind,
} from '@gdpr-ledger/core'
import { byString, lookup, sortedEntries, upsert, type Dict } from './dict'
import type { Projection } from './projection'
import { evolveStream } from './stream-state'

/**
 * The data-subject request tracker (GDPR Arts. 12-22): every request with its due date,
 * extension, outcome and, for erasure, the deletion confirmation. Each entry is the request
 * stream's decider state; due dates and lateness come from core's `dsrTimeliness`, the very
 * function the ledger's rule uses.
 */
export interface DsrTrackerState {
  /** By request id. */
  readonly requests: Dict<DsrState>
  /**
   * Art. 19: the recipients each subject's data was shared with, by controller, then subject,
   * then recipient id, so a rectification or erasure can be passed on to every one of them.
   */
  readonly recipients: Dict<Dict<Dict<true>>>
}

/**
 * @example
 * ```ts
 * const built = await replay(store, [dsrTrackerProjection])
 * // dsrTracker(built.right.states[0], { now: new Date().toISOString(), jurisdiction: jurisdictions.SE })
 * ```
 */
export const dsrTrackerProjection: Projection<DsrTrackerState> = {
  name: 'dsr-tracker',
  version: 2,
  eventTypes: [
    'DataSharedWithRecipient',
    'RequestReceived',
    'IdentityVerificationRequested',
    'IdentityVerified',
    'DeadlineExtended',
    'RequestFulfilled',
    'RequestRefused',
    'RecipientNotified',
    'RecipientNotificationExempted',
  ],
  init: () => ({ requests: {}, recipients: {} }),
  apply: (state, event) => {
    switch (event.type) {
      case 'DataSharedWithRecipient': {
        const subjects = upsert(state.recipients, event.controllerId, () => ({}))
        upsert(subjects, event.data.subjectId, () => ({}))[event.data.recipientId] = true
        return state
      }
      case 'RequestReceived':
      case 'IdentityVerificationRequested':
      case 'IdentityVerified':
      case 'DeadlineExtended':
      case 'RequestFulfilled':
      case 'RequestRefused':
      case 'RecipientNotified':
      case 'RecipientNotificationExempted': {
        const id = event.data.requestId
        state.requests[id] = evolveStream('dsr', lookup(state.requests, id), event)
        return state
      }
      default:
        return state
    }
  },
}

/** One request in the tracker, judged at `now`. */
export interface DsrRow {
  readonly requestId: string
  readonly controllerId: string
  readonly subjectId: string
  readonly kind: RequestKind
  readonly channel: Channel
  readonly receivedAt: string
  readonly identity: DsrState['identity']
  /** Receipt + 1 calendar month, in the jurisdiction's zone. */
  readonly originalDueDate: string
  readonly extendedByMonths: number
  /** The due date in force (local calendar date) and the instant it ends. */
  readonly dueDate: string
  readonly dueEndsAt: string
  readonly status: 'open' | 'fulfilled' | 'refused'
  /** `met`: closed in time; `late`: closed late, or open past its deadline; `running`: open, not yet due. */
  readonly timeliness: 'met' | 'late' | 'running'
  /** Open past its deadline at `now`. */
  readonly overdue: boolean
  readonly closedAt?: string
  readonly deletionConfirmation?: DeletionConfirmation
  readonly refusal?: DsrState['refusal']
  /** Art. 19: recipients notified of the outcome, or exempted, by id. */
  readonly recipients: DsrState['recipients']
  /**
   * Art. 19: recipients that got the subject's data and are neither notified of the
   * rectification, erasure or restriction nor exempted (core's `outstandingRecipientNotifications`).
   */
  readonly outstandingRecipients: readonly string[]
}

export interface DsrQuery {
  /** Judge deadlines at this instant (overdue, running). */
  readonly now: string
  readonly jurisdiction: Jurisdiction
  readonly controllerId?: string
  readonly subjectId?: string
  /** Only requests still open (default every request). */
  readonly openOnly?: boolean
}

/**
 * The tracker's rows: every request (or the open ones) with its deadline judged at `now`,
 * by due date.
 *
 * @example
 * ```ts
 * import { jurisdictions } from '@gdpr-ledger/core'
 * const overdue = dsrTracker(state, { now: '2026-12-01T08:00:00Z', jurisdiction: jurisdictions.SE, openOnly: true })
 *   .filter((row) => row.overdue)
 * ```
 */
export const dsrTracker = (state: DsrTrackerState, query: DsrQuery): DsrRow[] =>
  sortedEntries(state.requests)
    .flatMap(([requestId, request]): DsrRow[] => {
      const received = request.request
      if (
        received === undefined ||
        request.receivedAt === undefined ||
        request.controllerId === undefined ||
        request.status === 'none'
      )
        return []
      if (query.controllerId !== undefined && request.controllerId !== query.controllerId) return []
      if (query.subjectId !== undefined && received.subjectId !== query.subjectId) return []
      if (query.openOnly === true && request.status !== 'open') return []
      const judged = dsrTimeliness(
        {
          receivedAt: request.receivedAt,
          extensions: request.extensions,
          ...(request.closedAt === undefined ? {} : { closedAt: request.closedAt }),
        },
        query.jurisdiction,
        query.now,
      )
      return [
        {
          requestId,
          controllerId: request.controllerId,
          subjectId: received.subjectId,
          kind: received.kind,
          channel: received.channel,
          receivedAt: request.receivedAt,
          identity: request.identity,
          originalDueDate: judged.original.dueDate,
          extendedByMonths: judged.extendedByMonths,
          dueDate: judged.deadline.dueDate,
          dueEndsAt: judged.deadline.endsAt,
          status: request.status,
          timeliness: judged.status,
          overdue: request.status === 'open' && judged.status === 'late',
          ...(request.closedAt === undefined ? {} : { closedAt: request.closedAt }),
          ...(request.deletionConfirmation === undefined
            ? {}
            : { deletionConfirmation: request.deletionConfirmation }),
          ...(request.refusal === undefined ? {} : { refusal: request.refusal }),
          recipients: request.recipients,
          outstandingRecipients: outstandingRecipientNotifications(
            { kind: received.kind, status: request.status, recipients: request.recipients },
            Object.keys(
              lookup(lookup(state.recipients, request.controllerId) ?? {}, received.subjectId) ??
                {},
            ).sort(),
          ),
        },
      ]
    })
    .sort(byString((row) => `${row.dueEndsAt}\u0000${row.requestId}`))
