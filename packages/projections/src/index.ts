// As of a position or a time
export { describeAsOf, includes, isPast, parseAsOf } from './as-of'
export type { AsOf } from './as-of'

// Errors
export { checkpointUnreadable, describeProjectionError } from './errors'
export type { CheckpointUnreadable, ProjectionError } from './errors'

// Projections, replay and the runner
export { foldEvents } from './projection'
export type { Projection, StateOf, StatesOf } from './projection'
export { replay } from './replay'
export type { ReplayOptions, Replayed } from './replay'
export { createProjectionRunner } from './runner'
export type {
  CatchUpResult,
  LiveProjections,
  ProjectionRunner,
  ProjectionRunnerOptions,
} from './runner'
export { forEachStreamEvent } from './stream-reader'

// 1. Processing log
export {
  collectProcessing,
  forEachProcessing,
  hasProcessingQuery,
  matchesProcessingFilter,
  toProcessingEntry,
} from './processing-log'
export type { ProcessingEntry, ProcessingScanOptions } from './processing-log'
export { processingSummary, processingSummaryProjection } from './processing-summary'
export type { ActivityUsage, ActivityUsageRow, ProcessingSummaryState } from './processing-summary'

// 2. Art. 30 register, 8. sub-processor and transfer register
export {
  art30ControllerRecord,
  art30ProcessorRecord,
  registerControllers,
  registerProjection,
} from './register'
export type {
  Art30ControllerRecord,
  Art30ProcessorRecord,
  ControllerActivityRecord,
  EngagedProcessor,
  ProcessorActivityRecord,
  RegisterState,
} from './register'
export { transferRegister } from './transfer-register'
export type { TransferQuery, TransferRow } from './transfer-register'

// 3. Access report, Art. 15(3) copy and Art. 20 export
export { accessReport, loadReportContext } from './access-report'
export type {
  AccessReport,
  AccessReportContext,
  AccessReportQuery,
  ActualRecipient,
  HeldCategory,
  ManifestEntry,
  PurposeOfProcessing,
  ReportContextOptions,
  RetentionOfCategory,
  SourceOfData,
  SubjectRequest,
  TransferOfData,
} from './access-report'
export { PORTABLE_BASES, assembleCopy, assembleExport, portableManifest } from './data-source'
export type {
  AssemblyError,
  CategoryData,
  DataSource,
  DataSourceFailed,
  DataSourceMisbehaved,
  DataSourceRequest,
  DataSources,
  JsonValue,
  MissingDataSource,
  SubjectData,
  SubjectRecords,
  SystemData,
} from './data-source'
export { fulfilSubjectRequest } from './fulfilment'
export type {
  Fulfilment,
  FulfilmentError,
  FulfilmentOptions,
  RequestNotFulfillable,
} from './fulfilment'

// 4. Consent timeline
export { consentStatusAt, consentTimeline, loadSubjectState, timelineOf } from './consent-timeline'
export type {
  ConsentPeriod,
  ConsentStatus,
  ConsentTimeline,
  ConsentTimelineQuery,
  LoadedSubject,
} from './consent-timeline'

// 5. DSR tracker
export { dsrTracker, dsrTrackerProjection } from './dsr-tracker'
export type { DsrQuery, DsrRow, DsrTrackerState } from './dsr-tracker'

// 6. Breach register
export { breachRegister, breachRegisterProjection } from './breach-register'
export type {
  BreachQuery,
  BreachRegisterState,
  BreachRow,
  SubjectNotificationStatus,
} from './breach-register'

// 7. Authority-disclosure register and ePrivacy art. 15(1b) statistics
export {
  disclosureRegister,
  disclosureRegisterProjection,
  disclosureStatistics,
  disclosuresConcerning,
  responseOf,
} from './disclosure-register'
export type {
  DisclosureEntry,
  DisclosurePeriod,
  DisclosureRegisterState,
  DisclosureResponse,
  DisclosureRow,
  DisclosureStatistics,
  ResponseCounts,
  SubjectDisclosure,
} from './disclosure-register'

// 9. Retention due-list
export {
  createRetentionProjection,
  retentionDueList,
  retentionProjection,
} from './retention-due-list'
export type {
  HeldData,
  RetentionItem,
  RetentionProjectionOptions,
  RetentionQuery,
  RetentionState,
  SubjectRetention,
} from './retention-due-list'

// 10. Findings
export { findings, findingsProjection } from './findings'
export type {
  Finding,
  FindingSource,
  FindingsOptions,
  FindingsQuery,
  FindingsSources,
  FindingsState,
  JudgedFinding,
  JudgedReason,
  Occurrence,
} from './findings'
