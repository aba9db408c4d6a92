import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DK,
  FI,
  NO,
  SE,
  calendarDateIn,
  calendarDaysBetween,
  checkExtension,
  checkFulfilment,
  dsrDeadline,
  dsrDueDate,
  dsrTimeliness,
  outstandingRecipientNotifications,
} from '../../src'
import { PROPERTY_TIMEOUT, expectLawful, expectViolation, iso, ms, numRuns } from './facts'

const received = (
  receivedAt: string,
  extensions: { months: 1 | 2; noticeSentAt: string }[] = [],
) => ({
  receivedAt,
  extensions,
})

describe('rule 6: the due date of a data-subject request', () => {
  it('is the same day next month in the local zone, ending with that local day', () => {
    expect(dsrDueDate('2026-03-15T10:00:00.000Z', SE)).toEqual({
      dueDate: '2026-04-15',
      endsAt: '2026-04-15T22:00:00.000Z',
    })
  })

  it("is the month's last day when next month has no such day: 31 January → 28 February", () => {
    expect(dsrDueDate('2026-01-31T09:00:00.000Z', SE)).toEqual({
      dueDate: '2026-02-28',
      endsAt: '2026-02-28T23:00:00.000Z',
    })
    expect(dsrDueDate('2028-01-31T09:00:00.000Z', SE).dueDate).toBe('2028-02-29')
  })

  it('counts from the local date of receipt, not the UTC one', () => {
    // 23:30 UTC on 31 January is 1 February in Helsinki (UTC+2), still 31 January in UTC.
    expect(dsrDueDate('2026-01-31T23:30:00.000Z', FI).dueDate).toBe('2026-03-01')
    expect(dsrDueDate('2026-01-31T22:30:00.000Z', NO).dueDate).toBe('2026-02-28')
  })

  it('ends at local midnight across a daylight-saving change', () => {
    // Received in winter time, due in summer time: the last day ends at 22:00 UTC.
    expect(dsrDueDate('2026-03-10T12:00:00.000Z', DK)).toEqual({
      dueDate: '2026-04-10',
      endsAt: '2026-04-10T22:00:00.000Z',
    })
  })

  it('an extension adds months to the original due date: 31 Jan → 28 Feb → 28 Apr', () => {
    const request = received('2026-01-31T09:00:00.000Z', [
      { months: 2, noticeSentAt: '2026-02-20T09:00:00.000Z' },
    ])
    expect(dsrDeadline(request, SE)).toEqual({
      original: { dueDate: '2026-02-28', endsAt: '2026-02-28T23:00:00.000Z' },
      extendedByMonths: 2,
      deadline: { dueDate: '2026-04-28', endsAt: '2026-04-28T22:00:00.000Z' },
    })
  })

  it('two one-month extensions reach the same date as one of two months', () => {
    const request = received('2026-01-31T09:00:00.000Z', [
      { months: 1, noticeSentAt: '2026-02-01T09:00:00.000Z' },
      { months: 1, noticeSentAt: '2026-02-02T09:00:00.000Z' },
    ])
    expect(dsrDeadline(request, SE).deadline.dueDate).toBe('2026-04-28')
  })

  it('an extension notice sent on the last local day is in time; one after it is refused and ignored', () => {
    const base = received('2026-01-31T09:00:00.000Z')
    expectLawful(checkExtension(base, { months: 2, noticeSentAt: '2026-02-28T22:59:59.999Z' }, SE))
    expectViolation(
      checkExtension(base, { months: 2, noticeSentAt: '2026-02-28T23:00:00.000Z' }, SE),
      'dsr.extension-notice',
      'Art. 12(3)',
    )
    const late = received('2026-01-31T09:00:00.000Z', [
      { months: 2, noticeSentAt: '2026-03-01T08:00:00.000Z' },
    ])
    expect(dsrDeadline(late, SE).deadline.dueDate).toBe('2026-02-28')
  })

  it('a notice before receipt is refused', () => {
    expectViolation(
      checkExtension(
        received('2026-01-31T09:00:00.000Z'),
        { months: 1, noticeSentAt: '2026-01-30T09:00:00.000Z' },
        SE,
      ),
      'dsr.extension-notice',
    )
  })

  it('extensions may add at most two months in all', () => {
    const once = received('2026-01-10T09:00:00.000Z', [
      { months: 1, noticeSentAt: '2026-01-11T09:00:00.000Z' },
    ])
    expectLawful(checkExtension(once, { months: 1, noticeSentAt: '2026-01-12T09:00:00.000Z' }, SE))
    expectViolation(
      checkExtension(once, { months: 2, noticeSentAt: '2026-01-12T09:00:00.000Z' }, SE),
      'dsr.extension-limit',
    )
  })

  it('is met when closed before the deadline ends, late after, running while open and not due', () => {
    const request = received('2026-01-31T09:00:00.000Z')
    expect(
      dsrTimeliness(
        { ...request, closedAt: '2026-02-28T22:59:59.999Z' },
        SE,
        '2026-06-01T00:00:00.000Z',
      ).status,
    ).toBe('met')
    expect(
      dsrTimeliness(
        { ...request, closedAt: '2026-02-28T23:00:00.000Z' },
        SE,
        '2026-06-01T00:00:00.000Z',
      ).status,
    ).toBe('late')
    expect(dsrTimeliness(request, SE, '2026-02-28T22:59:59.999Z').status).toBe('running')
    expect(dsrTimeliness(request, SE, '2026-02-28T23:00:00.000Z').status).toBe('late')
  })

  it('an erasure is fulfilled only with a deletion confirmation; other kinds need none', () => {
    expectViolation(checkFulfilment('erasure', {}), 'dsr.deletion-confirmation', 'Art. 17(1)')
    expectLawful(
      checkFulfilment('erasure', {
        deletionConfirmation: {
          systems: ['crm'],
          confirmedAt: '2026-02-01T00:00:00.000Z',
          reference: 'DEL-1',
        },
      }),
    )
    expectLawful(checkFulfilment('access', {}))
  })

  it('lists the recipients still owed an Art. 19 notice after rectification, erasure or restriction', () => {
    const recipients = { 'bank-1': 'notified', 'reseller-2': 'exempted' } as const
    expect(
      outstandingRecipientNotifications({ kind: 'erasure', status: 'fulfilled', recipients }, [
        'bank-1',
        'reseller-2',
        'partner-3',
        'partner-3',
      ]),
    ).toEqual(['partner-3'])
    expect(
      outstandingRecipientNotifications({ kind: 'access', status: 'fulfilled', recipients: {} }, [
        'partner-3',
      ]),
    ).toEqual([])
    expect(
      outstandingRecipientNotifications({ kind: 'erasure', status: 'open', recipients: {} }, [
        'partner-3',
      ]),
    ).toEqual([])
  })
})

// Around the spring and autumn changes of 2024-2030, and anywhere else.
const dstEdges = [2024, 2025, 2026, 2027, 2028, 2029, 2030].flatMap((y) => [
  ms(`${y}-03-31T01:00:00.000Z`),
  ms(`${y}-10-27T01:00:00.000Z`),
])
const receipt = fc
  .oneof(
    fc.integer({ min: ms('2024-01-01T00:00:00.000Z'), max: ms('2030-12-31T23:59:59.999Z') }),
    fc
      .constantFrom(...dstEdges)
      .chain((edge) => fc.integer({ min: edge - 10 * 86_400_000, max: edge + 10 * 86_400_000 })),
  )
  .map(iso)
const jurisdiction = fc.constantFrom(SE, NO, DK, FI)

describe('rule 6 properties', { timeout: PROPERTY_TIMEOUT }, () => {
  it('the due date lies 28 to 31 calendar days after the local date of receipt, and ends at the next local midnight', () => {
    fc.assert(
      fc.property(receipt, jurisdiction, (at, j) => {
        const { dueDate, endsAt } = dsrDueDate(at, j)
        const days = calendarDaysBetween(calendarDateIn(at, j.timeZone), dueDate)
        expect(days).toBeGreaterThanOrEqual(28)
        expect(days).toBeLessThanOrEqual(31)
        // The period ends exactly where the due date turns into the next local day.
        expect(calendarDaysBetween(dueDate, calendarDateIn(endsAt, j.timeZone))).toBe(1)
        expect(calendarDateIn(iso(ms(endsAt) - 1), j.timeZone)).toBe(dueDate)
      }),
      { numRuns },
    )
  })

  it('extensions never move the deadline more than two months past the original, nor at all without a notice in time', () => {
    const extension = fc.record({
      months: fc.constantFrom(1 as const, 2 as const),
      offsetDays: fc.integer({ min: -3, max: 45 }),
    })
    fc.assert(
      fc.property(receipt, jurisdiction, fc.array(extension, { maxLength: 4 }), (at, j, raw) => {
        const extensions = raw.map((e) => ({
          months: e.months,
          noticeSentAt: iso(ms(at) + e.offsetDays * 86_400_000),
        }))
        const result = dsrDeadline({ receivedAt: at, extensions }, j)
        const inTime = extensions.filter(
          (e) => e.noticeSentAt >= at && e.noticeSentAt < result.original.endsAt,
        )
        expect(result.extendedByMonths).toBeLessThanOrEqual(2)
        if (inTime.length === 0) expect(result.deadline).toEqual(result.original)
        const extra = calendarDaysBetween(result.original.dueDate, result.deadline.dueDate)
        expect(extra).toBeGreaterThanOrEqual(0)
        expect(extra).toBeLessThanOrEqual(62)
      }),
      { numRuns },
    )
  })
})
