import type * as t from 'io-ts'
import { catalogue, type EventData, type EventType, type StreamKind } from '../catalogue'
import { strictRecord, type StrictRecordType } from '../codec/primitives'
import { isEea } from '../jurisdiction/eea'
import { streamIds } from '../stream-id'
import { commandEnvelope, type CommandEnvelope } from './envelope'

/**
 * The command table: one command per event type, named for what the backend does. A gate is
 * an act about to happen (processing, sharing, disclosing, engaging a sub-processor): it
 * happens now and is refused when a rule is broken. Everything else is a fact, which may have
 * happened earlier.
 */

/** Event types recorded through commands (checkpoints are written by `ledger.checkpoint()`). */
export type CommandEventType = Exclude<EventType, 'ChainCheckpoint'>

type DataCodec<T extends CommandEventType> = (typeof catalogue)[T]['data']
type Props<T extends CommandEventType> =
  DataCodec<T> extends StrictRecordType<infer P, infer O> ? [P, O] : never

/** The codec of a command: the envelope and the event's data, flat, refusing unknown fields. */
export type CommandCodec<T extends CommandEventType> = StrictRecordType<
  (typeof commandEnvelope)['required'] & Props<T>[0],
  (typeof commandEnvelope)['optional'] & Props<T>[1]
>

/** The streams a decision reads beside its own stream, by kind. */
export type ContextStreams = Partial<Record<StreamKind, string>>

export interface CommandDefinition<T extends CommandEventType = CommandEventType> {
  readonly eventType: T
  readonly kind: 'gate' | 'fact'
  readonly codec: CommandCodec<T>
  /** Streams read to decide, beside the target stream; a gate's versions go to `decidedOn`. */
  readonly reads: (controllerId: string, data: EventData<T>) => ContextStreams
}

const noReads = (): ContextStreams => ({})

const define = <T extends CommandEventType>(
  eventType: T,
  kind: 'gate' | 'fact' = 'fact',
  reads: (controllerId: string, data: EventData<T>) => ContextStreams = noReads,
): CommandDefinition<T> => {
  const data = catalogue[eventType].data as unknown as StrictRecordType<t.Props, t.Props>
  const codec = strictRecord(
    `${eventType}Command`,
    { ...commandEnvelope.required, ...data.required },
    { ...commandEnvelope.optional, ...data.optional },
  ) as unknown as CommandCodec<T>
  return { eventType, kind, codec, reads }
}

const subjectAndActivity = (
  controllerId: string,
  data: { subjectId: string; activityId: string },
): ContextStreams => ({
  subject: streamIds.subject(controllerId, data.subjectId),
  activity: streamIds.activity(data.activityId),
})

/** A transfer outside the EEA is judged against the adequacy register of its country. */
const adequacyOf = (country: string): ContextStreams =>
  isEea(country) ? {} : { adequacy: streamIds.adequacy(country) }

export const commands = {
  declareProcessingActivity: define('ProcessingActivityDeclared'),
  amendProcessingActivity: define('ProcessingActivityAmended'),
  retireProcessingActivity: define('ProcessingActivityRetired'),

  signDataProcessingAgreement: define('DataProcessingAgreementSigned'),
  engageSubProcessor: define('SubProcessorEngaged', 'gate', (_controllerId, data) =>
    adequacyOf(data.country),
  ),
  objectToSubProcessor: define('SubProcessorObjected'),
  removeSubProcessor: define('SubProcessorRemoved'),

  giveConsent: define('ConsentGiven'),
  withdrawConsent: define('ConsentWithdrawn'),
  raiseObjection: define('ObjectionRaised'),
  decideCompellingGrounds: define('CompellingGroundsDecided'),
  restrictProcessing: define('ProcessingRestricted'),
  allowRestrictedProcessing: define('RestrictedProcessingAllowed'),
  liftRestriction: define('RestrictionLifted'),
  startRelationship: define('RelationshipStarted'),
  endRelationship: define('RelationshipEnded'),
  placeLegalHold: define('LegalHoldPlaced'),
  liftLegalHold: define('LegalHoldLifted'),
  recordErasure: define('DataErased'),

  recordProcessing: define('DataProcessed', 'gate', subjectAndActivity),
  recordSharing: define('DataSharedWithRecipient', 'gate', (controllerId, data) => ({
    ...subjectAndActivity(controllerId, data),
    ...adequacyOf(data.country),
  })),
  settleInvoice: define('InvoiceSettled'),

  receiveRequest: define('RequestReceived'),
  requestIdentityVerification: define('IdentityVerificationRequested'),
  verifyIdentity: define('IdentityVerified'),
  extendDeadline: define('DeadlineExtended'),
  fulfilRequest: define('RequestFulfilled'),
  refuseRequest: define('RequestRefused'),
  notifyRecipient: define('RecipientNotified'),
  exemptRecipientNotification: define('RecipientNotificationExempted'),

  receiveAuthorityRequest: define('AuthorityRequestReceived'),
  assessAuthorityRequest: define('AuthorityRequestAssessed'),
  discloseToAuthority: define('DataDisclosedToAuthority', 'gate'),
  refuseAuthorityRequest: define('AuthorityRequestRefused'),
  liftGag: define('GagLifted'),

  detectBreach: define('BreachDetected'),
  assessBreach: define('BreachAssessed'),
  notifyAuthorityOfBreach: define('AuthorityNotified'),
  notifyControllerOfBreach: define('ControllerNotified'),
  notifySubjectsOfBreach: define('SubjectsNotified'),
  exemptSubjectNotification: define('SubjectNotificationExempted'),
  closeBreach: define('BreachClosed'),

  recordAdequacyDecision: define('AdequacyDecisionRecorded'),
  revokeAdequacyDecision: define('AdequacyDecisionRevoked'),
} as const

export type Commands = typeof commands
/** Every command name: the methods of a `Ledger`. */
export type CommandName = keyof Commands
/** The event type a command records. */
export type CommandEventOf<N extends CommandName> = Commands[N]['eventType']
/** What a backend passes to a command: envelope and event data, flat. */
export type CommandInput<N extends CommandName> = t.OutputOf<Commands[N]['codec']>
/** A command after decoding. */
export type DecodedCommand<N extends CommandName> = t.TypeOf<Commands[N]['codec']>

export const commandNames = Object.keys(commands) as CommandName[]

const envelopeKeys = new Set([
  ...Object.keys(commandEnvelope.required),
  ...Object.keys(commandEnvelope.optional),
])

/** Splits a decoded command into its envelope and its event's data. */
export const splitCommand = <T extends CommandEventType>(
  decoded: Record<string, unknown>,
): { envelope: CommandEnvelope; data: EventData<T> } => {
  const envelope: Record<string, unknown> = {}
  const data: Record<string, unknown> = {}
  for (const key in decoded) {
    if (envelopeKeys.has(key)) envelope[key] = decoded[key]
    else data[key] = decoded[key]
  }
  return { envelope: envelope as CommandEnvelope, data: data as EventData<T> }
}
