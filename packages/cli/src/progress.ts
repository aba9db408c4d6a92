import { SingleBar, type Params } from 'cli-progress'
import type { CliIO } from './io'

/**
 * Progress on stderr for long work, or nothing when not in a terminal.
 *
 * A bar needs the amount of work before it starts. The `EventStore` port does not give it
 * cheaply: it has no count and no head position, and positions are not counts (PostgreSQL's
 * have gaps, EventStoreDB's are byte offsets in its log). So reading the log (catching up,
 * replaying, verifying) shows a counter: events so far, the rate and the time spent, never a
 * percentage it cannot know.
 */
export interface Progress {
  /** `done`: the units of work finished so far (events read, checked). */
  update(done: number): void
  stop(): void
}

export interface ProgressOptions {
  /** Where to draw (default stderr). */
  readonly stream?: NodeJS.WritableStream
}

/** One line of progress, as drawn. */
export interface ProgressLine {
  readonly label: string
  readonly done: number
  readonly elapsedMs: number
}

/** 1234567 → `1,234,567`, whatever the locale. */
const grouped = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** Seconds as `m:ss`, or `h:mm:ss` from an hour. */
const clock = (ms: number): string => {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

/** Below this the rate is noise (one page read in a few milliseconds). */
const RATE_AFTER_MS = 250

/** The text of a progress line: `label 420 events  1,234 events/s  0:02`. */
export const formatProgress = (line: ProgressLine): string => {
  const rate =
    line.elapsedMs >= RATE_AFTER_MS
      ? `${grouped((line.done * 1000) / line.elapsedMs)} events/s  `
      : ''
  return `${line.label} ${grouped(line.done)} events  ${rate}${clock(line.elapsedMs)}`
}

export const progressBar = (io: CliIO, label: string, options: ProgressOptions = {}): Progress => {
  if (!io.interactive) return { update: () => undefined, stop: () => undefined }
  const bar = new SingleBar({
    format: (_options, params: Params) =>
      formatProgress({
        label,
        done: params.value,
        elapsedMs: (params.stopTime ?? Date.now()) - params.startTime,
      }),
    stream: options.stream ?? process.stderr,
    hideCursor: true,
  })
  let started = false
  return {
    update: (done) => {
      if (!started) {
        // cli-progress's own total is never shown: 0 keeps it out of the way.
        bar.start(0, done)
        started = true
      } else bar.update(done)
    },
    stop: () => {
      if (started) bar.stop()
    },
  }
}
