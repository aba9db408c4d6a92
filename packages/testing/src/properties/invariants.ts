import { isDeepStrictEqual } from 'node:util'
import {
  SE,
  breachClocks,
  breachDecider,
  calendarDateIn,
  calendarDaysBetween,
  addCalendarDays,
  addCalendarMonths,
  defaultPolicy,
  deciders,
  dsrDueDate,
  isEea,
  jurisdictions,
  readEvent,
  streamIds,
  streamKindOf,
  toDomainEvent,
  type BreachState,
  type DecidedStreamKind,
  type EventData,
  type Jurisdiction,
  type RecordedEvent,
  type StoredEvent,
  type StreamEvent,
  type DomainEvent,
  type EventStore,
} from '@gdpr-ledger/core'
import * as E from 'fp-ts/lib/Either.js'
import * as fc from 'fast-check'
import { readEverything } from '../contract/event-store-contract'
import {
  complianceScenarioArbitrary,
  runScenario,
  type ScenarioOptions,
  type ScenarioRun,
  type ScenarioStep,
} from './scenario'

/**
 * The ledger's invariants as fast-check properties over command sequences. Each takes the
 * sequences to run (default: `complianceScenarioArbitrary()`), so an operator can run them
 * against its own command generators, rules and store. Each judges the stored events with a
 * restatement of the rule written here, not by calling the rule function under test.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check'
 * import { consentCoverageProperty, propertyRuns } from '@gdpr-ledger/testing'
 * it('never records consent-based processing without consent', async () => {
 *   await fc.assert(consentCoverageProperty({ commands: myCommandSequences }), { numRuns: propertyRuns() })
 * })
 * ```
 */
export interface InvariantOptions extends ScenarioOptions {
  /** The command sequences to run (default `complianceScenarioArbitrary()`). */
  readonly commands?: fc.Arbitrary<readonly ScenarioStep[]>
}

const read = (stored: StoredEvent, options: InvariantOptions): RecordedEvent => {
  const event = readEvent(stored, options.ledger?.upcasters)
  if (E.isLeft(event))
    throw new Error(`unreadable event in ${stored.streamId}@${stored.streamVersion}`)
  return event.right
}

interface Stored {
  readonly all: readonly RecordedEvent[]
  /** A stream's events, in version order. */
  readonly stream: (streamId: string) => readonly RecordedEvent[]
}

const storedEvents = async (run: ScenarioRun, options: InvariantOptions): Promise<Stored> => {
  const all = (await readEverything(run.store)).map((stored) => read(stored, options))
  const byStream = new Map<string, RecordedEvent[]>()
  for (const event of all) {
    const list = byStream.get(event.streamId)
    if (list === undefined) byStream.set(event.streamId, [event])
    else list.push(event)
  }
  for (const list of byStream.values()) list.sort((a, b) => a.streamVersion - b.streamVersion)
  return { all, stream: (streamId) => byStream.get(streamId) ?? [] }
}

const property = (
  options: InvariantOptions,
  check: (run: ScenarioRun, stored: Stored) => void | Promise<void>,
) =>
  fc.asyncProperty(options.commands ?? complianceScenarioArbitrary(), async (steps) => {
    const run = await runScenario(steps, options)
    await check(run, await storedEvents(run, options))
  })

const gated = (event: RecordedEvent): boolean => event.metadata.imported !== true

const describeEvent = (event: RecordedEvent): string =>
  `${event.type} ${event.streamId}@${event.streamVersion} at ${event.occurredAt}`

/**
 * No accepted consent-based processing or sharing lacks a covering consent at its
 * `occurredAt`, judged on the rights stream as the gate read it (its `decidedOn` version): a
 * consent for the purpose given at or before it (valid for the subject's age), and no
 * withdrawal for the purpose from then to it.
 */
export const consentCoverageProperty = (options: InvariantOptions = {}) => {
  const jurisdiction = options.ledger?.jurisdiction ?? SE
  return property(options, (_run, stored) => {
    for (const event of stored.all) {
      if (!gated(event)) continue
      if (event.type !== 'DataProcessed' && event.type !== 'DataSharedWithRecipient') continue
      const data: Partial<EventData<'DataProcessed'>> &
        EventData<'DataSharedWithRecipient' | 'DataProcessed'> = event.data
      const onConsent =
        data.legalBasis === 'consent' ||
        data.specialCategoryCondition === 'explicit-consent' ||
        data.ePrivacyBasis === 'consent'
      if (!onConsent) continue
      const rightsStream = streamIds.subject(event.controllerId, data.subjectId)
      const version = event.metadata.decidedOn?.[rightsStream] ?? 0
      const rights = stored.stream(rightsStream).filter((e) => e.streamVersion <= version)
      const t = event.occurredAt
      const covered = rights.some(
        (given) =>
          given.type === 'ConsentGiven' &&
          given.data.purpose === data.purpose &&
          given.occurredAt <= t &&
          (given.data.subjectAge === undefined ||
            given.data.subjectAge >= jurisdiction.childConsent.age ||
            given.data.parentalAuthorisation === true) &&
          !rights.some(
            (w) =>
              w.type === 'ConsentWithdrawn' &&
              w.data.purpose === data.purpose &&
              given.occurredAt <= w.occurredAt &&
              w.occurredAt <= t,
          ),
      )
      if (!covered)
        throw new Error(`${describeEvent(event)} rests on consent but no consent covered it`)
    }
  })
}

const TRAFFIC_GROUNDS = new Set([
  'transmission',
  'billing',
  'fault-handling',
  'fraud-and-security',
  'national-law-disclosure',
  'consent',
  'anonymised',
])
const LOCATION_GROUNDS = new Set(['consent', 'anonymised', 'emergency-call'])

/**
 * No accepted processing or sharing of traffic or location data (ePrivacy arts. 6, 9, 10)
 * lacks its ground: traffic data names a ground that allows it, location data other than
 * traffic data is anonymised, on consent or for an emergency call, and marketing or a
 * value-added service on either rests on consent. Which categories and purposes count comes
 * from the scenario ledger's policy (`ledger.policy`, default `defaultPolicy`).
 */
export const trafficAndLocationProperty = (options: InvariantOptions = {}) => {
  const policy = options.ledger?.policy ?? defaultPolicy
  return property(options, (_run, stored) => {
    for (const event of stored.all) {
      if (!gated(event)) continue
      if (event.type !== 'DataProcessed' && event.type !== 'DataSharedWithRecipient') continue
      const { purpose, dataCategories, ePrivacyBasis } = event.data
      const traffic = dataCategories.some((c) => policy.trafficDataCategories.includes(c))
      const location = dataCategories.some((c) => policy.locationDataCategories.includes(c))
      const marketing =
        policy.directMarketingPurposes.includes(purpose) ||
        policy.valueAddedServicePurposes.includes(purpose)
      const ground = ePrivacyBasis ?? ''
      if (traffic && !TRAFFIC_GROUNDS.has(ground))
        throw new Error(`${describeEvent(event)} touches traffic data without an ePrivacy ground`)
      if (location && !LOCATION_GROUNDS.has(ground))
        throw new Error(`${describeEvent(event)} touches location data on ground "${ground}"`)
      if ((traffic || location) && marketing && ground !== 'consent')
        throw new Error(`${describeEvent(event)} markets traffic or location data without consent`)
    }
  })
}

/**
 * No accepted disclosure to an authority lacks an assessed request: received before it,
 * assessed "comply" or "partially comply" by an authorised role in the assessment in force at
 * its time (of those the gate knew, the latest made at or before it, by its own time; a
 * later-recorded one of the same instant wins), and with an international agreement when the
 * authority is outside the EEA.
 */
export const disclosureAssessedProperty = (options: InvariantOptions = {}) => {
  const roles = (options.ledger?.policy ?? defaultPolicy).authorisedDisclosureRoles
  return property(options, (_run, stored) => {
    for (const event of stored.all) {
      if (!gated(event) || event.type !== 'DataDisclosedToAuthority') continue
      const before = stored
        .stream(event.streamId)
        .filter((e) => e.streamVersion < event.streamVersion)
      const request = before.find((e) => e.type === 'AuthorityRequestReceived')
      const t = event.occurredAt
      const assessment = before
        .filter((e) => e.type === 'AuthorityRequestAssessed' && e.occurredAt <= t)
        .reduce<RecordedEvent | undefined>(
          (inForce, e) =>
            inForce === undefined || e.occurredAt >= inForce.occurredAt ? e : inForce,
          undefined,
        )
      const lawful =
        request?.type === 'AuthorityRequestReceived' &&
        request.occurredAt <= t &&
        request.data.statute.length > 0 &&
        (isEea(request.data.authority.country) ||
          request.data.internationalAgreement !== undefined) &&
        assessment?.type === 'AuthorityRequestAssessed' &&
        assessment.data.decision !== 'refuse' &&
        roles.includes(assessment.data.assessedBy.role) &&
        request.occurredAt <= assessment.occurredAt
      if (!lawful)
        throw new Error(`${describeEvent(event)} was disclosed without an assessed request`)
    }
  })
}

/**
 * Replaying the stored events of every stream a decision read, up to the version it read,
 * through the decider's `evolve` gives the very state the decision saw (no cache, no
 * concurrent write and no recording order makes the rules judge another state).
 */
export const replayProperty = (options: InvariantOptions = {}) =>
  property(options, (run, stored) => {
    for (const decision of run.decisions) {
      for (const [kind, loaded] of Object.entries(decision.streams)) {
        const decider = deciders[kind as DecidedStreamKind] as unknown as {
          evolve: (state: unknown, event: DomainEvent<StreamEvent<DecidedStreamKind>>) => unknown
          initialState: () => unknown
        }
        const replayed = stored
          .stream(loaded.streamId)
          .filter((e) => e.streamVersion <= loaded.version)
          .map((e) => toDomainEvent(e) as DomainEvent<StreamEvent<DecidedStreamKind>>)
          .reduce(decider.evolve, decider.initialState())
        if (!isDeepStrictEqual(replayed, loaded.state))
          throw new Error(
            `replaying ${loaded.streamId} to version ${loaded.version} differs from the state decided on`,
          )
      }
    }
  })

/**
 * A refused command appends nothing: the store holds exactly the events of the accepted
 * commands (a duplicate retry appends none).
 */
export const refusalsAppendNothingProperty = (options: InvariantOptions = {}) =>
  property(options, (run, stored) => {
    let expected = 0
    for (const result of run.results) {
      if (E.isLeft(result)) continue
      const accepted = result.right as {
        readonly duplicate: boolean
        readonly events: readonly unknown[]
      }
      if (!accepted.duplicate) expected += accepted.events.length
    }
    if (stored.all.length !== expected)
      throw new Error(
        `the store holds ${stored.all.length} events; the accepted commands appended ${expected}`,
      )
  })

/** One entry of a breach register: at least the breach's id, and its clocks if it lists them. */
export interface BreachRegisterEntry {
  readonly breachId: string
  readonly clocks?: readonly unknown[]
}

/**
 * What the register under test is given after each scenario: the events the scenario stored
 * (decoded, in position order), the store holding them (for a register that reads or replays
 * a store, as a deployed projection does), the instant to judge the clocks at (the last
 * recording time), and the jurisdiction the scenario's ledger judged by.
 */
export interface BreachRegisterInput {
  readonly events: readonly RecordedEvent[]
  readonly store: EventStore
  readonly now: string
  readonly jurisdiction: Jurisdiction
}

/**
 * A breach register built from a scenario's history: the projection under test.
 *
 * @example
 * ```ts
 * import { breachRegister, breachRegisterProjection, foldEvents } from '@gdpr-ledger/projections'
 * const register: BreachRegister = ({ events, now, jurisdiction }) =>
 *   breachRegister(foldEvents(breachRegisterProjection, events), { now, jurisdiction })
 * ```
 */
export type BreachRegister = (
  input: BreachRegisterInput,
) => readonly BreachRegisterEntry[] | Promise<readonly BreachRegisterEntry[]>

/** The reference register: every breach stream folded, with the core's clocks. */
const referenceRegister: BreachRegister = ({ events, now, jurisdiction }) => {
  const states = new Map<string, BreachState>()
  for (const event of events) {
    if (streamKindOf(event.streamId) !== 'breach') continue
    const state = states.get(event.streamId) ?? breachDecider.initialState()
    states.set(
      event.streamId,
      breachDecider.evolve(state, toDomainEvent(event) as DomainEvent<StreamEvent<'breach'>>),
    )
  }
  return [...states.values()].flatMap((state) =>
    state.detection === undefined
      ? []
      : [{ breachId: state.detection.breachId, clocks: breachClocks(state, jurisdiction, now) }],
  )
}

/**
 * Every breach is in the register, notified or not, exactly once, with its clocks when the
 * register lists them, and the register lists no breach that was never detected. `register` is the register under test (your projection, adapted to
 * `BreachRegister`); without one, a reference register folds the breach streams and computes
 * the core's clocks. The register judges at the last recording time of the scenario, in the
 * scenario ledger's jurisdiction (`ledger.jurisdiction`, default Sweden).
 *
 * @example
 * ```ts
 * await fc.assert(breachRegisterProperty({ register: myRegister }), { numRuns: propertyRuns() })
 * ```
 */
export const breachRegisterProperty = (
  options: InvariantOptions & { readonly register?: BreachRegister } = {},
) => {
  const register = options.register ?? referenceRegister
  const jurisdiction = options.ledger?.jurisdiction ?? SE
  return property(options, async (run, stored) => {
    const detected = new Set(
      stored.all.flatMap((e) => (e.type === 'BreachDetected' ? [e.data.breachId] : [])),
    )
    const now = stored.all.reduce(
      (latest, e) => (e.recordedAt > latest ? e.recordedAt : latest),
      '',
    )
    const entries = await register({ events: stored.all, store: run.store, now, jurisdiction })
    for (const breachId of detected) {
      const mine = entries.filter((entry) => entry.breachId === breachId)
      if (mine.length !== 1)
        throw new Error(`breach ${breachId} appears ${mine.length} times in the register`)
      if (mine[0]?.clocks?.length === 0)
        throw new Error(`breach ${breachId} is in the register without a clock`)
    }
    const unknown = entries.find((entry) => !detected.has(entry.breachId))
    if (unknown !== undefined)
      throw new Error(`the register lists breach ${unknown.breachId}, which was never detected`)
  })
}

const DST_EDGES = [2024, 2025, 2026, 2027, 2028, 2029, 2030].flatMap((year) => [
  Date.parse(`${year}-03-31T01:00:00.000Z`),
  Date.parse(`${year}-10-27T01:00:00.000Z`),
])

/**
 * DSR due dates lie 28 to 31 calendar days after the local date of receipt, fall on the same
 * day of the month or on the month's last day, and end exactly at the next local midnight, in
 * every given jurisdiction, across daylight-saving changes.
 */
export const dsrDueDateProperty = (
  options: { readonly jurisdictions?: readonly Jurisdiction[] } = {},
) => {
  const profiles = options.jurisdictions ?? Object.values(jurisdictions)
  const receipt = fc
    .oneof(
      fc.integer({
        min: Date.parse('2024-01-01T00:00:00Z'),
        max: Date.parse('2030-12-31T23:59:59Z'),
      }),
      fc
        .constantFrom(...DST_EDGES)
        .chain((edge) => fc.integer({ min: edge - 40 * 86_400_000, max: edge + 40 * 86_400_000 })),
    )
    .map((millis) => new Date(millis).toISOString())
  return fc.property(receipt, fc.constantFrom(...profiles), (receivedAt, jurisdiction) => {
    const zone = jurisdiction.timeZone
    const { dueDate, endsAt } = dsrDueDate(receivedAt, jurisdiction)
    const receivedOn = calendarDateIn(receivedAt, zone)
    const days = calendarDaysBetween(receivedOn, dueDate)
    if (days < 28 || days > 31) throw new Error(`due ${days} days after receipt`)
    const monthEnd = addCalendarDays(addCalendarMonths(`${dueDate.slice(0, 7)}-01`, 1), -1)
    if (dueDate.slice(8) !== receivedOn.slice(8) && dueDate !== monthEnd)
      throw new Error('due neither on the same day of the month nor on the month end')
    if (calendarDateIn(new Date(Date.parse(endsAt) - 1).toISOString(), zone) !== dueDate)
      throw new Error('the period ends before the due date is over')
    if (calendarDateIn(endsAt, zone) !== addCalendarDays(dueDate, 1))
      throw new Error('the period runs into the day after the due date')
  })
}
