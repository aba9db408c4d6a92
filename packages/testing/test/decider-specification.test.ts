import {
  breachDecider,
  dsrDecider,
  streamIds,
  subjectDecider,
  type DomainEvent,
  type EventData,
  type RecordCommand,
  type StreamEvent,
} from '@gdpr-ledger/core'
import { describe, expect, it } from 'vitest'
import { deciderSpecification } from '../src'

const CONTROLLER = 'telco_se'
const SUBJECT = 'sub-8f3a'
const T0 = '2026-11-01T10:00:00.000Z'
const T1 = '2026-11-23T09:00:00.000Z'

/** A command for one decider's stream, as the ledger hands it over after decoding. */
const command = <E extends StreamEvent<'subject' | 'dsr' | 'breach'>>(
  streamId: string,
  occurredAt: string,
  event: E,
  controllerId = CONTROLLER,
): RecordCommand<E> => ({ streamId, controllerId, occurredAt, event })

/** The event a command records, as an accepting decider returns it. */
const recorded = <E extends StreamEvent<'subject' | 'dsr' | 'breach'>>(
  c: RecordCommand<E>,
): DomainEvent<E> => ({ ...c.event, occurredAt: c.occurredAt, controllerId: c.controllerId })

describe('deciderSpecification over the subject (rights) decider', () => {
  const given = deciderSpecification(subjectDecider)
  const stream = streamIds.subject(CONTROLLER, SUBJECT)
  const consent = (
    purpose = 'marketing',
  ): { type: 'ConsentGiven'; data: EventData<'ConsentGiven'> } => ({
    type: 'ConsentGiven',
    data: { subjectId: SUBJECT, purpose, noticeVersion: 'privacy-notice-2026-10', channel: 'web' },
  })
  const consentGiven = recorded(command(stream, T0, consent()))
  const withdrawal = (occurredAt: string, purpose = 'marketing') =>
    command(stream, occurredAt, {
      type: 'ConsentWithdrawn',
      data: { subjectId: SUBJECT, purpose, channel: 'app' },
    })

  it('given a consent, a later withdrawal is recorded as it was commanded', () => {
    given([consentGiven])
      .when(withdrawal(T1))
      .then([recorded(withdrawal(T1))])
  })

  it('a withdrawal at the very instant of the consent is recorded, and ends it then', () => {
    given([consentGiven])
      .when(withdrawal(T0))
      .thenState((state) => {
        expect(state.consents).toEqual([
          {
            purpose: 'marketing',
            noticeVersion: 'privacy-notice-2026-10',
            channel: 'web',
            givenAt: T0,
            withdrawnAt: T0,
          },
        ])
        expect(state.withdrawals).toEqual([{ purpose: 'marketing', withdrawnAt: T0 }])
      })
  })

  it('refuses a withdrawal with no consent in force for the purpose', () => {
    given([]).when(withdrawal(T1)).thenRefused({
      _tag: 'InvalidTransition',
      streamId: stream,
      eventType: 'ConsentWithdrawn',
      reason: 'no consent for this purpose is in force',
    })
    given([consentGiven])
      .when(withdrawal(T1, 'location-offers'))
      .thenRefused({ _tag: 'InvalidTransition', reason: 'no consent for this purpose is in force' })
  })

  it('refuses a withdrawal dated before the consent it would end', () => {
    given([recorded(command(stream, T1, consent()))])
      .when(withdrawal(T0))
      .thenRefused({ _tag: 'InvalidTransition', reason: 'the withdrawal predates the consent' })
  })

  it('an accepted withdrawal expected to be refused, or with other events, fails the specification', () => {
    expect(() => {
      given([consentGiven]).when(withdrawal(T1)).thenRefused({ _tag: 'InvalidTransition' })
    }).toThrow()
    expect(() => {
      given([consentGiven])
        .when(withdrawal(T1))
        .then([recorded(withdrawal(T0))])
    }).toThrow()
  })

  it('refuses a second withdrawal of a consent already withdrawn', () => {
    given([consentGiven, recorded(withdrawal(T1))])
      .when(withdrawal('2026-11-24T09:00:00.000Z'))
      .thenRefused({ _tag: 'InvalidTransition', reason: 'no consent for this purpose is in force' })
  })
})

describe('deciderSpecification over the data-subject request decider', () => {
  const given = deciderSpecification(dsrDecider)
  const stream = streamIds.dsr('dsr-1')
  const received = command(stream, T0, {
    type: 'RequestReceived',
    data: { requestId: 'dsr-1', subjectId: SUBJECT, kind: 'erasure', channel: 'web' },
  })
  const fulfilled = (controllerId = CONTROLLER) =>
    command(
      stream,
      T1,
      {
        type: 'RequestFulfilled',
        data: {
          requestId: 'dsr-1',
          channel: 'web',
          deletionConfirmation: {
            systems: ['crm', 'billing'],
            confirmedAt: T1,
            reference: 'DEL-2026-0042',
          },
        },
      },
      controllerId,
    )
  const extension = command(stream, T1, {
    type: 'DeadlineExtended',
    data: {
      requestId: 'dsr-1',
      months: 2,
      reasons: 'the request covers ten years of call records',
      noticeSentAt: T1,
    },
  })
  const notified = command(stream, T1, {
    type: 'RecipientNotified',
    data: { requestId: 'dsr-1', recipientId: 'inkasso-nord' },
  })

  it('records a request received on a new stream', () => {
    given([])
      .when(received)
      .then([recorded(received)])
  })

  it('fulfils an open request, and the state shows it closed with its deletion confirmation', () => {
    given([recorded(received)])
      .when(fulfilled())
      .thenState((state) => {
        expect(state.status).toBe('fulfilled')
        expect(state.closedAt).toBe(T1)
        expect(state.deletionConfirmation?.reference).toBe('DEL-2026-0042')
      })
  })

  it('refuses a second receipt under the same request id', () => {
    given([recorded(received)])
      .when(received)
      .thenRefused({
        _tag: 'InvalidTransition',
        reason: 'a request with this id is already recorded',
      })
  })

  it('refuses an extension of a request never received, and of one already closed', () => {
    given([])
      .when(extension)
      .thenRefused({ _tag: 'InvalidTransition', reason: 'no request with this id is received' })
    given([recorded(received), recorded(fulfilled())])
      .when(extension)
      .thenRefused({ _tag: 'InvalidTransition', reason: 'the request is closed' })
  })

  it('refuses another controller acting on the request', () => {
    given([recorded(received)])
      .when(fulfilled('other_co'))
      .thenRefused({
        _tag: 'InvalidTransition',
        reason: 'the stream belongs to another controller',
      })
  })

  it('refuses an Art. 19 notice to a recipient before the request is fulfilled', () => {
    given([recorded(received)])
      .when(notified)
      .thenRefused({
        _tag: 'InvalidTransition',
        reason: 'recipients are notified after the request is fulfilled',
      })
  })
})

describe('deciderSpecification itself fails when the decider does otherwise', () => {
  const given = deciderSpecification(breachDecider)
  const stream = streamIds.breach('br-1')
  const notify = command(stream, T1, {
    type: 'AuthorityNotified',
    data: {
      breachId: 'br-1',
      regime: 'gdpr',
      authority: 'IMY',
      stage: 'initial',
      complete: true,
    },
  })

  it('a refused command expected to be recorded fails `then` and `thenState`', () => {
    expect(() => {
      given([])
        .when(notify)
        .then([recorded(notify)])
    }).toThrow()
    expect(() => {
      given([])
        .when(notify)
        .thenState(() => undefined)
    }).toThrow(/refused/)
  })

  it('a refusal for another reason fails `thenRefused`', () => {
    given([]).when(notify).thenRefused({ _tag: 'InvalidTransition' })
    expect(() => {
      given([])
        .when(notify)
        .thenRefused({ _tag: 'InvalidTransition', reason: 'the breach is closed' })
    }).toThrow()
    expect(() => {
      given([]).when(notify).thenRefused({ _tag: 'ComplianceViolation' })
    }).toThrow()
  })
})
