import { catalogue, type EventData, type EventType, type StreamKind } from './catalogue'

/**
 * Logical stream ids: `<kind>-<id>`, and `<kind>-<controller>-<subject>` for the two
 * subject-scoped kinds, so one controller's consent can never be read for another's
 * processing. Controller ids contain no `-`, which keeps these ids unambiguous. Adapters add
 * their namespace on top; these ids never carry it.
 */
export const streamIds = {
  activity: (activityId: string) => `activity-${activityId}`,
  processor: (processorId: string) => `processor-${processorId}`,
  subject: (controllerId: string, subjectId: string) => `subject-${controllerId}-${subjectId}`,
  processing: (controllerId: string, subjectId: string) =>
    `processing-${controllerId}-${subjectId}`,
  dsr: (requestId: string) => `dsr-${requestId}`,
  disclosure: (requestId: string) => `disclosure-${requestId}`,
  breach: (breachId: string) => `breach-${breachId}`,
  adequacy: (country: string) => `adequacy-${country}`,
  checkpoint: () => 'ledger-checkpoints',
} as const

/** The stream an event of type `type` with `data`, recorded for `controllerId`, belongs to. */
export const streamIdOf = <T extends EventType>(
  type: T,
  controllerId: string,
  data: EventData<T>,
): string => {
  const kind: StreamKind = catalogue[type].stream
  const fields = data as Partial<
    Record<
      'activityId' | 'processorId' | 'subjectId' | 'requestId' | 'breachId' | 'country',
      string
    >
  >
  const id = (key: keyof typeof fields): string => {
    const value = fields[key]
    if (value === undefined) throw new Error(`catalogue error: ${type} has no ${key}`)
    return value
  }
  switch (kind) {
    case 'activity':
      return streamIds.activity(id('activityId'))
    case 'processor':
      return streamIds.processor(id('processorId'))
    case 'subject':
      return streamIds.subject(controllerId, id('subjectId'))
    case 'processing':
      return streamIds.processing(controllerId, id('subjectId'))
    case 'dsr':
      return streamIds.dsr(id('requestId'))
    case 'disclosure':
      return streamIds.disclosure(id('requestId'))
    case 'breach':
      return streamIds.breach(id('breachId'))
    case 'adequacy':
      return streamIds.adequacy(id('country'))
    case 'checkpoint':
      return streamIds.checkpoint()
  }
}

/** The kind of a ledger stream id, from its prefix; `undefined` for ids the ledger does not write. */
export const streamKindOf = (streamId: string): StreamKind | undefined => {
  if (streamId === streamIds.checkpoint()) return 'checkpoint'
  const kind = streamId.slice(0, streamId.indexOf('-'))
  switch (kind) {
    case 'activity':
    case 'processor':
    case 'subject':
    case 'processing':
    case 'dsr':
    case 'disclosure':
    case 'breach':
    case 'adequacy':
      return kind
    default:
      return undefined
  }
}
