// Errors
export {
  complianceViolation,
  describeError,
  idempotencyConflict,
  invalidInput,
  invalidTransition,
  isStoreClosed,
  storeClosed,
  storeUnavailable,
  unreadableEvent,
  wrongExpectedVersion,
} from './errors'
export type {
  AppendError,
  ComplianceViolation,
  IdempotencyConflict,
  InputIssue,
  InvalidInput,
  InvalidTransition,
  LedgerError,
  StoreError,
  StoreUnavailable,
  SubscriberFailed,
  UnreadableEvent,
  WrongExpectedVersion,
} from './errors'

// Codecs and vocabulary
export { decode, toIssues } from './codec/decode'
export {
  ControllerId,
  CountryCode,
  Instant,
  IsoDuration,
  Name,
  NonNegativeInt,
  PseudonymousId,
  Sha256Hex,
  Slug,
  Text,
  Uuid,
  boundedArray,
  boundedString,
  nonEmptyArray,
  oneOf,
  patternString,
  shapeOf,
  strictRecord,
  taggedUnion,
} from './codec/primitives'
export type { CodecShape, Shaped, StrictRecordOf, StrictRecordType } from './codec/primitives'

// The event catalogue
export {
  ActorRef,
  AdequacyDecisionRecorded,
  AdequacyDecisionRevoked,
  Art18Ground,
  Art49Derogation,
  Authority,
  AuthorityKind,
  AuthorityNotified,
  AuthorityRequestAssessed,
  AuthorityRequestReceived,
  AuthorityRequestRefused,
  BreachAssessed,
  BreachClosed,
  BreachDetected,
  BreachNature,
  BreachRegime,
  ChainCheckpoint,
  Channel,
  CompellingGroundsDecided,
  ConsentGiven,
  ConsentWithdrawn,
  ControllerNotified,
  DataCategory,
  DataDisclosedToAuthority,
  DataErased,
  DataProcessed,
  DataProcessingAgreementSigned,
  DataSharedWithRecipient,
  DeadlineExtended,
  DeletionConfirmation,
  DisclosureScope,
  EPrivacyBasis,
  GagLifted,
  IdentityVerificationRequested,
  IdentityVerified,
  InvoiceSettled,
  LawfulBasis,
  LegalBasis,
  LegalHoldLifted,
  LegalHoldPlaced,
  ObjectionRaised,
  ObjectionScope,
  Party,
  ProcessingAction,
  ProcessingActivityAmended,
  ProcessingActivityDeclared,
  ProcessingActivityRetired,
  ProcessingRestricted,
  ProcessingRole,
  Purpose,
  Recipient,
  RecipientKind,
  RecipientNotificationExempted,
  RecipientNotified,
  RelationshipEnded,
  RelationshipStarted,
  RequestFulfilled,
  RequestKind,
  RequestReceived,
  RequestRefused,
  RestrictedProcessingAllowed,
  RestrictionGround,
  RestrictionLifted,
  Retention,
  RetentionTrigger,
  SecurityMeasures,
  SpecialCategoryCondition,
  StreamHead,
  SubjectCategory,
  SubjectNotificationExempted,
  SubjectsNotified,
  SubProcessorAuthorisation,
  SubProcessorAuthorisationKind,
  SubProcessorEngaged,
  SubProcessorObjected,
  SubProcessorRemoved,
  Transfer,
  TransferMechanism,
  catalogue,
  eventTypes,
  isEventType,
} from './catalogue'
export type {
  EventData,
  EventDefinition,
  EventType,
  EventTypeOf,
  LedgerEvent,
  StreamEvent,
  StreamKind,
} from './catalogue'
export { streamIdOf, streamIds, streamKindOf } from './stream-id'

// The envelope
export { EventMetadata, readEvent, toLedgerEvent } from './envelope'
export type { EventToAppend, RecordedEvent, StoredEvent, Upcaster, Upcasters } from './envelope'

// Ports and the in-memory stores
export { DEFAULT_PAGE_SIZE } from './store/event-store'
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  StreamSlice,
  SubscribeOptions,
  Subscription,
} from './store/event-store'
export {
  MAX_BATCH,
  checkExpectedVersion,
  classifyRetry,
  validateAppend,
} from './store/append-rules'
export { AppendSignal } from './store/append-signal'
export { catchUpSubscription } from './store/catch-up-subscription'
export type { CatchUpOptions } from './store/catch-up-subscription'
export type { OnRetry, RetryOptions, RetryPolicy } from './store/retry-policy'
export { InMemoryLog, createInMemoryStore } from './store/in-memory-store'
export type { InMemoryEventStore, InMemoryStoreOptions } from './store/in-memory-store'
export { createInMemoryProjectionStore } from './store/projection-store'
export type { ProjectionCheckpoint, ProjectionStore } from './store/projection-store'
export type { ProcessingFilter, ProcessingPage, ProcessingQuery } from './store/processing-query'

// The hash chain
export { EMPTY_HEAD, GENESIS_HASH, chainEvents, hashEvent } from './chain/hash'
export type { ChainHead, HashedFields } from './chain/hash'
export { verify } from './chain/verify'
export type { ChainBreak, ChainBreakKind, VerifyOptions, VerifyReport } from './chain/verify'
export { recordCheckpoint } from './chain/checkpoint'
export type { CheckpointConfig, CheckpointResult } from './chain/checkpoint'

// Deciders
export {
  activityDecider,
  adequacyDecider,
  breachDecider,
  decideByTransition,
  deciders,
  disclosureDecider,
  dsrDecider,
  processingDecider,
  processorDecider,
  subjectDecider,
} from './deciders'
export type {
  ActivityState,
  AdequacyRecord,
  AdequacyState,
  AssessmentRecord,
  BreachState,
  CompellingGroundsRecord,
  ConsentRecord,
  DecidedStreamKind,
  DecidedTypes,
  Decider,
  DisclosureState,
  DomainEvent,
  DsrState,
  ErasureRecord,
  ExtensionRecord,
  LegalHoldRecord,
  ObjectionRecord,
  ProcessingState,
  ProcessorState,
  RecordCommand,
  RestrictedProcessingRecord,
  RestrictionRecord,
  StreamStates,
  SubjectState,
  SubProcessorState,
  WithdrawalRecord,
} from './deciders'

// Commands and the ledger
export { commandEnvelope } from './commands/envelope'
export type { CommandEnvelope } from './commands/envelope'
export { commandNames, commands } from './commands/table'
export type {
  CommandDefinition,
  CommandEventOf,
  CommandEventType,
  CommandInput,
  CommandName,
  ContextStreams,
  DecodedCommand,
} from './commands/table'
export { handleCommand, resolveOccurredAt, serialiseMetadata } from './ledger/command-handler'
export type { CommandResult } from './ledger/command-handler'
export type { ComplianceRule, Decision, DecisionStreams, LoadedStream } from './ledger/decision'
export { EVENT_ID_NAMESPACE, eventIdFor } from './ledger/event-ids'
export { ImportedFact, MAX_IMPORT, importFacts } from './ledger/import'
export type { ImportResult } from './ledger/import'
export { createLedger } from './ledger/ledger'
export type { Ledger, LedgerOptions } from './ledger/ledger'
export { StreamStateCache, loadStream, toDomainEvent } from './ledger/load-stream'

// Time
export { DAY, HOUR, MINUTE, fromMillis, systemClock, toMillis } from './time'
export type { Clock } from './time'

// Jurisdictions and the calendar
export {
  addCalendarDays,
  addCalendarMonths,
  addIsoDuration,
  calendarDateIn,
  calendarDaysBetween,
  calendarPeriodFrom,
  deadlineOn,
  isTimeZone,
  startOfLocalDay,
} from './jurisdiction/calendar'
export type { CalendarDate, Deadline } from './jurisdiction/calendar'
export { EEA_COUNTRIES, isEea } from './jurisdiction/eea'
export {
  Jurisdiction,
  TrafficRetentionReading,
  defineJurisdiction,
} from './jurisdiction/jurisdiction'
export { DK, FI, NO, SE, jurisdictions } from './jurisdiction/profiles'

// Compliance rules: pure functions of the facts, and the adapters the ledger runs
export { builtInRules } from './rules'
export { firstViolation, lawful, violation } from './rules/verdict'
export type { Verdict } from './rules/verdict'
export { RulePolicy, defaultPolicy, definePolicy } from './rules/policy'
export {
  checkActivityCovers,
  checkActivityRecord,
  checkRecipient,
  purposeAndActivityRule,
} from './rules/purpose-and-activity'
export type { ActivityAct } from './rules/purpose-and-activity'
export {
  checkChildConsent,
  checkConsent,
  consentArticle,
  consentRule,
  coveringConsent,
} from './rules/consent'
export type { ConsentFacts, ConsentGrounds } from './rules/consent'
export {
  checkObjection,
  checkRestriction,
  objectionAndRestrictionRule,
  restrictionAt,
} from './rules/objection-and-restriction'
export type { ObjectableAct } from './rules/objection-and-restriction'
export { assessmentInForce, checkDisclosure, disclosureRule, isGagged } from './rules/disclosure'
export {
  adequacyInForce,
  checkSubProcessorAuthorisation,
  checkTransfer,
  isMechanismValid,
  processorsAndTransfersRule,
} from './rules/processors-and-transfers'
export {
  ART19_KINDS,
  MAX_EXTENSION_MONTHS,
  checkExtension,
  checkFulfilment,
  dsrDeadline,
  dsrDueDate,
  dsrRule,
  dsrTimeliness,
  outstandingRecipientNotifications,
} from './rules/dsr-deadlines'
export type { DsrDeadline, DsrFacts, DsrTimeliness } from './rules/dsr-deadlines'
export {
  EPRIVACY_AUTHORITY_HOURS,
  EPRIVACY_FOLLOW_UP_DAYS,
  GDPR_AUTHORITY_HOURS,
  NIS2_EARLY_WARNING_HOURS,
  NIS2_NOTIFICATION_HOURS,
  breachClocks,
  breachRegimes,
  breachRule,
  checkAuthorityNotice,
} from './rules/breach-clocks'
export type { BreachClock, BreachObligation, ClockStatus } from './rules/breach-clocks'
export {
  checkCustomerDataRetention,
  customerDataRetention,
  endedRelationshipAt,
  legalHoldEnd,
  retentionRule,
  settlementFor,
  trafficDataRetention,
} from './rules/retention'
export type { RetentionDue, Settlement } from './rules/retention'
export { checkTrafficAndLocation, trafficAndLocationRule } from './rules/traffic-and-location'
