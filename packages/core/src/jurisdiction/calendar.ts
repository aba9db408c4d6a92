import { IsoDuration } from '../codec/primitives'
import { DAY, fromMillis, toMillis } from '../time'

/**
 * Calendar arithmetic in a time zone, on the built-in `Intl` API. Legal periods of months and
 * days are counted in calendar dates where the controller is (Reg. 1182/71 art. 3), not in
 * multiples of 24 hours: a month after 31 January is 28 February, and a day across a
 * daylight-saving change lasts 23 or 25 hours.
 */

/** A calendar date without a time of day or zone, `YYYY-MM-DD`. */
export type CalendarDate = string

/** The last moment of a period: its last calendar day, and the instant that day ends in the zone. */
export interface Deadline {
  /** The last day of the period, as a date in the jurisdiction's time zone. */
  readonly dueDate: CalendarDate
  /** The first instant after the period (midnight after `dueDate`, local time): an act at or after it is late. */
  readonly endsAt: string
}

interface WallTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millisecond: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/**
 * Is `timeZone` an IANA zone this runtime knows?
 *
 * @example
 * ```ts
 * isTimeZone('Europe/Oslo') // true
 * ```
 */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

const asUtc = (wall: WallTime): number =>
  Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  )

/** The zone's offset from UTC at `millis`, in ms, read from `Intl` (whole seconds). */
const intlOffsetAt = (millis: number, timeZone: string): number => {
  const fields: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(millis)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value)
  }
  const local = Date.UTC(
    fields.year ?? 0,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  )
  return local - Math.floor(millis / 1000) * 1000
}

const HOUR_MS = 3_600_000
const MAX_CACHED_HOURS = 200_000
const offsetCaches = new Map<string, Map<number, number | null>>()

/**
 * The zone's offset from UTC at `millis`, in ms. `Intl` formatting costs microseconds, so the
 * offset of each UTC hour is cached when it holds for the whole hour (no zone changes its
 * offset twice within an hour); an hour with a change in it is asked of `Intl` each time.
 */
const offsetAt = (millis: number, timeZone: string): number => {
  let cache = offsetCaches.get(timeZone)
  if (cache === undefined) {
    cache = new Map()
    offsetCaches.set(timeZone, cache)
  }
  const hour = Math.floor(millis / HOUR_MS)
  let offset = cache.get(hour)
  if (offset === undefined) {
    const start = intlOffsetAt(hour * HOUR_MS, timeZone)
    const end = intlOffsetAt((hour + 1) * HOUR_MS - 1000, timeZone)
    offset = start === end ? start : null
    if (cache.size >= MAX_CACHED_HOURS) cache.clear()
    cache.set(hour, offset)
  }
  return offset ?? intlOffsetAt(millis, timeZone)
}

const wallTimeAt = (millis: number, timeZone: string): WallTime => {
  const local = new Date(millis + offsetAt(millis, timeZone))
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  }
}

/**
 * The instant a wall-clock reading denotes in the zone. Like Temporal's `compatible`
 * disambiguation: a reading that occurs twice (clocks turned back) is its earlier instant; a
 * reading skipped by clocks turned forward moves forward by the gap.
 */
const instantOfWallTime = (wall: WallTime, timeZone: string): number => {
  const local = asUtc(wall)
  // Real zones change offset at most once within a day either side of any instant.
  const before = offsetAt(local - DAY, timeZone)
  const after = offsetAt(local + DAY, timeZone)
  const candidates = [local - before, local - after].filter(
    (candidate) => candidate + offsetAt(candidate, timeZone) === local,
  )
  return candidates.length > 0 ? Math.min(...candidates) : local - before
}

const parseDate = (date: CalendarDate): { year: number; month: number; day: number } => {
  const [year, month, day] = date.split('-').map(Number)
  return { year: year ?? 0, month: month ?? 1, day: day ?? 1 }
}

const formatDate = (year: number, month: number, day: number): CalendarDate =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`

const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate()

/** The year and month `months` after the given one, and the day clamped to that month. */
const shiftMonths = (
  year: number,
  month: number,
  day: number,
  months: number,
): { year: number; month: number; day: number } => {
  const index = year * 12 + (month - 1) + months
  const y = Math.floor(index / 12)
  const m = index - y * 12 + 1
  return { year: y, month: m, day: Math.min(day, daysInMonth(y, m)) }
}

/**
 * The calendar date of `instant` in `timeZone`.
 *
 * @example
 * ```ts
 * calendarDateIn('2026-01-31T23:30:00.000Z', 'Europe/Stockholm') // '2026-02-01'
 * ```
 */
export const calendarDateIn = (instant: string, timeZone: string): CalendarDate => {
  const wall = wallTimeAt(toMillis(instant), timeZone)
  return formatDate(wall.year, wall.month, wall.day)
}

/**
 * The instant `date` begins in `timeZone` (local midnight, or the first moment after it when
 * a daylight-saving change skips midnight).
 *
 * @example
 * ```ts
 * startOfLocalDay('2026-03-29', 'Europe/Helsinki') // '2026-03-28T22:00:00.000Z'
 * ```
 */
export const startOfLocalDay = (date: CalendarDate, timeZone: string): string => {
  const { year, month, day } = parseDate(date)
  return fromMillis(
    instantOfWallTime(
      { year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 },
      timeZone,
    ),
  )
}

/**
 * The date `months` calendar months after `date`: the same day of the month, or the last day
 * of the month when it has no such day (Reg. 1182/71 art. 3(2)(c)).
 *
 * @example
 * ```ts
 * addCalendarMonths('2026-01-31', 1) // '2026-02-28'
 * addCalendarMonths('2026-02-28', 2) // '2026-04-28'
 * ```
 */
export const addCalendarMonths = (date: CalendarDate, months: number): CalendarDate => {
  const { year, month, day } = parseDate(date)
  const shifted = shiftMonths(year, month, day, months)
  return formatDate(shifted.year, shifted.month, shifted.day)
}

/**
 * The date `days` calendar days after `date` (negative: before).
 *
 * @example
 * ```ts
 * addCalendarDays('2026-02-28', 1) // '2026-03-01'
 * ```
 */
export const addCalendarDays = (date: CalendarDate, days: number): CalendarDate => {
  const { year, month, day } = parseDate(date)
  const shifted = new Date(Date.UTC(year, month - 1, day + days))
  return formatDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate())
}

/**
 * Whole calendar days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * ```ts
 * calendarDaysBetween('2026-01-31', '2026-02-28') // 28
 * ```
 */
export const calendarDaysBetween = (from: CalendarDate, to: CalendarDate): number => {
  const a = parseDate(from)
  const b = parseDate(to)
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY,
  )
}

/**
 * The deadline whose last day is `dueDate`: it ends when the next local day begins.
 *
 * @example
 * ```ts
 * deadlineOn('2026-04-28', 'Europe/Stockholm') // { dueDate: '2026-04-28', endsAt: '2026-04-28T22:00:00.000Z' }
 * ```
 */
export const deadlineOn = (dueDate: CalendarDate, timeZone: string): Deadline => ({
  dueDate,
  endsAt: startOfLocalDay(addCalendarDays(dueDate, 1), timeZone),
})

/**
 * A period of whole months or days that runs from an event (Reg. 1182/71 art. 3): the day of
 * the event does not count; the period ends at the end of the day in the last month with the
 * same date (or that month's last day), or of the last of the days.
 *
 * @example
 * ```ts
 * calendarPeriodFrom('2026-01-31T10:00:00.000Z', { months: 1 }, 'Europe/Stockholm')
 * // { dueDate: '2026-02-28', endsAt: '2026-02-28T23:00:00.000Z' }
 * ```
 */
export const calendarPeriodFrom = (
  instant: string,
  length: { readonly months: number } | { readonly days: number },
  timeZone: string,
): Deadline => {
  const start = calendarDateIn(instant, timeZone)
  const dueDate =
    'months' in length
      ? addCalendarMonths(start, length.months)
      : addCalendarDays(start, length.days)
  return deadlineOn(dueDate, timeZone)
}

const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/

/**
 * `instant` plus an ISO 8601 duration, as a person in `timeZone` counts it: years, months,
 * weeks and days move the local calendar date and keep the local time of day (a day across a
 * daylight-saving change may last 23 or 25 hours); hours, minutes and seconds are exact.
 * Throws a `TypeError` for a string that is not an `IsoDuration` (a configuration error:
 * durations from commands are decoded before they get here).
 *
 * @example
 * ```ts
 * addIsoDuration('2026-01-31T12:00:00.000Z', 'P1M', 'Europe/Oslo') // '2026-02-28T12:00:00.000Z'
 * addIsoDuration('2026-03-28T12:00:00.000Z', 'P1D', 'Europe/Oslo') // '2026-03-29T11:00:00.000Z'
 * ```
 */
export const addIsoDuration = (instant: string, duration: string, timeZone: string): string => {
  const m = IsoDuration.is(duration) ? DURATION.exec(duration) : null
  if (m === null) throw new TypeError('not an ISO 8601 duration of whole units')
  // Absent units are undefined at run time, whatever the exec type says.
  const units: readonly (string | undefined)[] = m.slice(1)
  const [years, months, weeks, days, hours, minutes, seconds] = units.map((n) =>
    n === undefined ? 0 : Number(n),
  )
  const millis = toMillis(instant)
  const wall = wallTimeAt(millis, timeZone)
  const shifted = shiftMonths(wall.year, wall.month, wall.day, (years ?? 0) * 12 + (months ?? 0))
  const date = new Date(
    Date.UTC(shifted.year, shifted.month - 1, shifted.day + (weeks ?? 0) * 7 + (days ?? 0)),
  )
  const calendarMoved =
    date.getTime() !== Date.UTC(wall.year, wall.month - 1, wall.day)
      ? instantOfWallTime(
          {
            ...wall,
            year: date.getUTCFullYear(),
            month: date.getUTCMonth() + 1,
            day: date.getUTCDate(),
          },
          timeZone,
        )
      : millis
  const exact = ((hours ?? 0) * 3600 + (minutes ?? 0) * 60 + (seconds ?? 0)) * 1000
  return fromMillis(calendarMoved + exact)
}
