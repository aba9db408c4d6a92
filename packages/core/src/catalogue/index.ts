import type * as t from 'io-ts'
import * as activity from './activity'
import * as adequacy from './adequacy'
import * as breach from './breach'
import * as checkpoint from './checkpoint'
import * as disclosure from './disclosure'
import * as dsr from './dsr'
import * as processing from './processing'
import * as processor from './processor'
import * as subject from './subject'

/** The kinds of stream the ledger writes, each with its own id scheme (see `streamId`). */
export type StreamKind =
  | 'activity'
  | 'processor'
  | 'subject'
  | 'processing'
  | 'dsr'
  | 'disclosure'
  | 'breach'
  | 'adequacy'
  | 'checkpoint'

/** One event type: the stream kind it lives in, the codec of its data, its current schema version. */
export interface EventDefinition<K extends StreamKind = StreamKind, C extends t.Mixed = t.Mixed> {
  readonly stream: K
  readonly data: C
  readonly schemaVersion: number
}

const event = <K extends StreamKind, C extends t.Mixed>(
  stream: K,
  data: C,
): EventDefinition<K, C> => ({
  stream,
  data,
  schemaVersion: 1,
})

/**
 * The v1 event catalogue (DESIGN.md, "Streams and events"): every event type the ledger
 * records, with the codec of its data.
 */
export const catalogue = {
  ProcessingActivityDeclared: event('activity', activity.ProcessingActivityDeclared),
  ProcessingActivityAmended: event('activity', activity.ProcessingActivityAmended),
  ProcessingActivityRetired: event('activity', activity.ProcessingActivityRetired),

  DataProcessingAgreementSigned: event('processor', processor.DataProcessingAgreementSigned),
  SubProcessorEngaged: event('processor', processor.SubProcessorEngaged),
  SubProcessorObjected: event('processor', processor.SubProcessorObjected),
  SubProcessorRemoved: event('processor', processor.SubProcessorRemoved),

  ConsentGiven: event('subject', subject.ConsentGiven),
  ConsentWithdrawn: event('subject', subject.ConsentWithdrawn),
  ObjectionRaised: event('subject', subject.ObjectionRaised),
  CompellingGroundsDecided: event('subject', subject.CompellingGroundsDecided),
  ProcessingRestricted: event('subject', subject.ProcessingRestricted),
  RestrictedProcessingAllowed: event('subject', subject.RestrictedProcessingAllowed),
  RestrictionLifted: event('subject', subject.RestrictionLifted),
  RelationshipStarted: event('subject', subject.RelationshipStarted),
  RelationshipEnded: event('subject', subject.RelationshipEnded),
  LegalHoldPlaced: event('subject', subject.LegalHoldPlaced),
  LegalHoldLifted: event('subject', subject.LegalHoldLifted),
  DataErased: event('subject', subject.DataErased),

  DataProcessed: event('processing', processing.DataProcessed),
  DataSharedWithRecipient: event('processing', processing.DataSharedWithRecipient),
  InvoiceSettled: event('processing', processing.InvoiceSettled),

  RequestReceived: event('dsr', dsr.RequestReceived),
  IdentityVerificationRequested: event('dsr', dsr.IdentityVerificationRequested),
  IdentityVerified: event('dsr', dsr.IdentityVerified),
  DeadlineExtended: event('dsr', dsr.DeadlineExtended),
  RequestFulfilled: event('dsr', dsr.RequestFulfilled),
  RequestRefused: event('dsr', dsr.RequestRefused),
  RecipientNotified: event('dsr', dsr.RecipientNotified),
  RecipientNotificationExempted: event('dsr', dsr.RecipientNotificationExempted),

  AuthorityRequestReceived: event('disclosure', disclosure.AuthorityRequestReceived),
  AuthorityRequestAssessed: event('disclosure', disclosure.AuthorityRequestAssessed),
  DataDisclosedToAuthority: event('disclosure', disclosure.DataDisclosedToAuthority),
  AuthorityRequestRefused: event('disclosure', disclosure.AuthorityRequestRefused),
  GagLifted: event('disclosure', disclosure.GagLifted),

  BreachDetected: event('breach', breach.BreachDetected),
  BreachAssessed: event('breach', breach.BreachAssessed),
  AuthorityNotified: event('breach', breach.AuthorityNotified),
  ControllerNotified: event('breach', breach.ControllerNotified),
  SubjectsNotified: event('breach', breach.SubjectsNotified),
  SubjectNotificationExempted: event('breach', breach.SubjectNotificationExempted),
  BreachClosed: event('breach', breach.BreachClosed),

  AdequacyDecisionRecorded: event('adequacy', adequacy.AdequacyDecisionRecorded),
  AdequacyDecisionRevoked: event('adequacy', adequacy.AdequacyDecisionRevoked),

  ChainCheckpoint: event('checkpoint', checkpoint.ChainCheckpoint),
} as const

type Catalogue = typeof catalogue

/** Every event type in the catalogue. */
export type EventType = keyof Catalogue

/** The decoded data of event type `T`. */
export type EventData<T extends EventType> = t.TypeOf<Catalogue[T]['data']>

/** The event types that live in streams of kind `K`. */
export type EventTypeOf<K extends StreamKind> = {
  [T in EventType]: Catalogue[T]['stream'] extends K ? T : never
}[EventType]

/** A `{ type, data }` pair for any event type, as a discriminated union. */
export type LedgerEvent = {
  [T in EventType]: { readonly type: T; readonly data: EventData<T> }
}[EventType]

/** The `{ type, data }` pairs of the events of streams of kind `K`. */
export type StreamEvent<K extends StreamKind> = Extract<LedgerEvent, { type: EventTypeOf<K> }>

export const eventTypes = Object.keys(catalogue) as EventType[]

/** Is `type` an event type of this catalogue? */
export const isEventType = (type: string): type is EventType => Object.hasOwn(catalogue, type)

export * from './activity'
export * from './adequacy'
export * from './breach'
export * from './checkpoint'
export * from './disclosure'
export * from './dsr'
export * from './processing'
export * from './processor'
export * from './subject'
export * from './vocabulary'
