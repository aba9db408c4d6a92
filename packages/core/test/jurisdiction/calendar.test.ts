import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addCalendarDays,
  addCalendarMonths,
  addIsoDuration,
  calendarDateIn,
  calendarDaysBetween,
  calendarPeriodFrom,
  isTimeZone,
  startOfLocalDay,
} from '../../src'
import { PROPERTY_TIMEOUT, iso, ms, numRuns } from '../rules/facts'

const NORDIC = ['Europe/Stockholm', 'Europe/Oslo', 'Europe/Copenhagen', 'Europe/Helsinki'] as const
const zone = fc.constantFrom(...NORDIC, 'America/New_York', 'Australia/Sydney', 'UTC')
// EU zones change at 01:00 UTC on the last Sundays of March and October; New York and Sydney
// on other days: instants within hours of 01:00 UTC on any day of those months hit them all.
const nearChanges = fc
  .record({
    year: fc.integer({ min: 2020, max: 2035 }),
    month: fc.constantFrom(3, 4, 10, 11),
    day: fc.integer({ min: 1, max: 31 }),
    offset: fc.integer({ min: -3 * 3_600_000, max: 18 * 3_600_000 }),
  })
  .map(({ year, month, day, offset }) => Date.UTC(year, month - 1, Math.min(day, 28), 1) + offset)
const instant = fc
  .oneof(
    fc.integer({ min: ms('2020-01-01T00:00:00.000Z'), max: ms('2035-12-31T23:59:59.999Z') }),
    nearChanges,
  )
  .map(iso)
const date = fc
  .date({
    min: new Date('2020-01-01T00:00:00Z'),
    max: new Date('2035-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10))

describe('calendar dates in a zone', () => {
  it('read an instant as the local date', () => {
    expect(calendarDateIn('2026-01-31T22:59:59.999Z', 'Europe/Stockholm')).toBe('2026-01-31')
    expect(calendarDateIn('2026-01-31T23:00:00.000Z', 'Europe/Stockholm')).toBe('2026-02-01')
    expect(calendarDateIn('2026-07-31T21:30:00.000Z', 'Europe/Helsinki')).toBe('2026-08-01')
    expect(calendarDateIn('2026-07-31T21:30:00.000Z', 'Europe/Oslo')).toBe('2026-07-31')
  })

  it('begin at local midnight, in winter and in summer time', () => {
    expect(startOfLocalDay('2026-02-01', 'Europe/Stockholm')).toBe('2026-01-31T23:00:00.000Z')
    expect(startOfLocalDay('2026-07-01', 'Europe/Copenhagen')).toBe('2026-06-30T22:00:00.000Z')
    // The day clocks go forward (02:00 → 03:00) still begins at midnight, in winter time.
    expect(startOfLocalDay('2026-03-29', 'Europe/Oslo')).toBe('2026-03-28T23:00:00.000Z')
    expect(startOfLocalDay('2026-03-30', 'Europe/Oslo')).toBe('2026-03-29T22:00:00.000Z')
  })

  it('add months to the same day, or the last day of a shorter month', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29')
    expect(addCalendarMonths('2026-02-28', 2)).toBe('2026-04-28')
    expect(addCalendarMonths('2026-03-31', 1)).toBe('2026-04-30')
    expect(addCalendarMonths('2026-12-15', 1)).toBe('2027-01-15')
    expect(addCalendarMonths('2026-08-31', 24)).toBe('2028-08-31')
  })

  it('add days across month and year ends, and count them', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(calendarDaysBetween('2026-01-31', '2026-02-28')).toBe(28)
    expect(calendarDaysBetween('2026-03-29', '2026-03-30')).toBe(1)
  })

  it('run a period of months from an event to the end of its last local day', () => {
    expect(
      calendarPeriodFrom('2026-01-31T10:00:00.000Z', { months: 1 }, 'Europe/Stockholm'),
    ).toEqual({
      dueDate: '2026-02-28',
      endsAt: '2026-02-28T23:00:00.000Z',
    })
    // Received 00:30 local on 1 March (still 28 February in UTC): due 1 April, in summer time.
    expect(
      calendarPeriodFrom('2026-02-28T23:30:00.000Z', { months: 1 }, 'Europe/Stockholm'),
    ).toEqual({
      dueDate: '2026-04-01',
      endsAt: '2026-04-01T22:00:00.000Z',
    })
    expect(calendarPeriodFrom('2026-11-23T08:00:00.000Z', { days: 3 }, 'Europe/Helsinki')).toEqual({
      dueDate: '2026-11-26',
      endsAt: '2026-11-26T22:00:00.000Z',
    })
  })
})

describe('ISO durations in a zone', () => {
  it('move calendar units in local time and time units exactly', () => {
    expect(addIsoDuration('2026-01-31T12:00:00.000Z', 'P1M', 'Europe/Oslo')).toBe(
      '2026-02-28T12:00:00.000Z',
    )
    // A day across the spring change lasts 23 hours; 24 hours is a day and an hour.
    expect(addIsoDuration('2026-03-28T12:00:00.000Z', 'P1D', 'Europe/Oslo')).toBe(
      '2026-03-29T11:00:00.000Z',
    )
    expect(addIsoDuration('2026-03-28T12:00:00.000Z', 'PT24H', 'Europe/Oslo')).toBe(
      '2026-03-29T12:00:00.000Z',
    )
    // A day across the autumn change lasts 25 hours.
    expect(addIsoDuration('2026-10-24T12:00:00.000Z', 'P1D', 'Europe/Helsinki')).toBe(
      '2026-10-25T13:00:00.000Z',
    )
    expect(addIsoDuration('2026-01-15T10:00:00.000Z', 'P1Y6M', 'Europe/Stockholm')).toBe(
      '2027-07-15T09:00:00.000Z',
    )
    expect(addIsoDuration('2026-01-15T10:00:00.000Z', 'P2W', 'UTC')).toBe(
      '2026-01-29T10:00:00.000Z',
    )
  })

  it('move a local time skipped by the spring change forward, and take the earlier of a repeated one', () => {
    // 02:30 on 28 March (+01:00) plus a day is 02:30 on 29 March, which does not exist: 03:30 (+02:00).
    expect(addIsoDuration('2026-03-28T01:30:00.000Z', 'P1D', 'Europe/Stockholm')).toBe(
      '2026-03-29T01:30:00.000Z',
    )
    // 02:30 on 24 October (+02:00) plus a day is 02:30 on 25 October, which happens twice: the first.
    expect(addIsoDuration('2026-10-24T00:30:00.000Z', 'P1D', 'Europe/Stockholm')).toBe(
      '2026-10-25T00:30:00.000Z',
    )
  })

  it('throws on a string that is not a duration (a configuration error)', () => {
    expect(() => addIsoDuration('2026-01-01T00:00:00.000Z', '5 months', 'UTC')).toThrow(TypeError)
    expect(() => addIsoDuration('2026-01-01T00:00:00.000Z', 'P', 'UTC')).toThrow(TypeError)
  })

  it('knows which time zones exist', () => {
    expect(isTimeZone('Europe/Stockholm')).toBe(true)
    expect(isTimeZone('Europe/Gothenburg')).toBe(false)
  })
})

describe('calendar properties', { timeout: PROPERTY_TIMEOUT }, () => {
  it('the local date agrees with Intl formatting, whatever hour offsets were cached before', () => {
    // The Swedish locale formats dates as YYYY-MM-DD: an oracle independent of the offset cache.
    const oracle = (t: string, z: string) =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: z,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date(t))
    fc.assert(
      fc.property(instant, zone, (t, z) => {
        expect(calendarDateIn(t, z)).toBe(oracle(t, z))
      }),
      { numRuns },
    )
  })

  it('an instant lies in the local day that starts at or before it and ends after it', () => {
    fc.assert(
      fc.property(instant, zone, (t, z) => {
        const day = calendarDateIn(t, z)
        expect(startOfLocalDay(day, z) <= t).toBe(true)
        expect(t < startOfLocalDay(addCalendarDays(day, 1), z)).toBe(true)
        expect(calendarDateIn(startOfLocalDay(day, z), z)).toBe(day)
      }),
      { numRuns },
    )
  })

  it('a month later is the same day or the month end, 28 to 31 days on', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 36 }), (d, months) => {
        const later = addCalendarMonths(d, months)
        const day = Number(d.slice(8))
        const laterDay = Number(later.slice(8))
        const monthEnd = addCalendarDays(addCalendarMonths(`${later.slice(0, 7)}-01`, 1), -1)
        expect(laterDay === day || (laterDay < day && later === monthEnd)).toBe(true)
        if (months === 1) {
          const days = calendarDaysBetween(d, later)
          expect(days).toBeGreaterThanOrEqual(28)
          expect(days).toBeLessThanOrEqual(31)
        }
      }),
      { numRuns },
    )
  })

  it('a calendar day added keeps the local time of day, unless the clocks skipped it', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...NORDIC),
        fc.integer({ min: 1, max: 400 }),
        (t, z, days) => {
          const later = addIsoDuration(t, `P${days}D`, z)
          expect(calendarDaysBetween(calendarDateIn(t, z), calendarDateIn(later, z))).toBe(days)
          const hours = (ms(later) - ms(t)) / 3_600_000
          // Whole days, give or take the daylight-saving hours crossed.
          expect(Math.abs(hours - days * 24)).toBeLessThanOrEqual(1)
        },
      ),
      { numRuns },
    )
  })
})
