import * as t from 'io-ts'
import {
  NonNegativeInt,
  Sha256Hex,
  boundedString,
  boundedArray,
  patternString,
  strictRecord,
} from '../codec/primitives'

/** `ledger-checkpoints`: the heads of the streams changed since the previous checkpoint. */

export const StreamHead = strictRecord('StreamHead', {
  streamId: boundedString('StreamId', 1, 300),
  version: NonNegativeInt,
  hash: Sha256Hex,
})
export type StreamHead = t.TypeOf<typeof StreamHead>

export const ChainCheckpoint = strictRecord('ChainCheckpoint', {
  /** The highest global position covered, as a decimal string (positions are bigints). */
  position: patternString('Position', /^(0|[1-9][0-9]*)$/, 20),
  heads: boundedArray(StreamHead, 10_000_000),
})
export type ChainCheckpoint = t.TypeOf<typeof ChainCheckpoint>
