import { START, type Position } from './client'

/**
 * The ledger's global position from EventStoreDB's $all position.
 *
 * EventStoreDB places an event in $all by a pair: its commit position and its prepare
 * position, both byte offsets (unsigned 64-bit) in the transaction log, ordered by commit,
 * then prepare. Since 20.x an append's events each report their own offset as both
 * (commit = prepare); in an explicit transaction (and in logs written before 20.x) the
 * events of one write share the commit position of its commit record and differ in their
 * prepare positions. Either way the pair is unique and its order is $all's order, so
 *
 *     position = commit × 2⁶⁴ + prepare + 1
 *
 * is one bigint per event, unique and increasing in $all order. The `+ 1` keeps an event at
 * (0, 0) above `0n`, which the port reserves for "from the start". The inverse is exact:
 * commit = (position − 1) >> 64, prepare = (position − 1) mod 2⁶⁴.
 */

const BITS = 64n
const LOW = (1n << BITS) - 1n

/** The global position of an event at `position` in $all. */
export const positionOf = ({ commit, prepare }: Position): bigint =>
  ((commit << BITS) | (prepare & LOW)) + 1n

/** Where to read $all from to reach the events after `position`: the event at it, or the start. */
export const allPositionOf = (position: bigint): Position | typeof START =>
  position <= 0n ? START : { commit: (position - 1n) >> BITS, prepare: (position - 1n) & LOW }

/**
 * Whether a read carried a real $all position. Servers before 22.6 send none for stream
 * reads, which reaches the client as both halves at 2⁶⁴ − 1 (-1 as unsigned).
 */
export const isKnownPosition = (position: Position | undefined): position is Position =>
  position !== undefined &&
  position.commit >= 0n &&
  position.commit < LOW &&
  position.prepare >= 0n &&
  position.prepare < LOW
