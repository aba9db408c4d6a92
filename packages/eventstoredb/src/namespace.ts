/**
 * Where the ledger lives in an EventStoreDB shared with other applications: every ledger
 * stream is `<namespace>-<streamId>`, so the namespace is the stream's category (`$ce-<namespace>`
 * when the operator runs the category projection), and reading $all keeps only names that
 * start with `<namespace>-`. Projection snapshots live at `<namespace>.projection-<name>`:
 * outside that prefix, so they are never read as ledger events nor checked by `verify`.
 */

/** The default namespace. */
export const DEFAULT_NAMESPACE = 'gdpr_ledger'

// No '-' or '.' in a namespace: the first '-' ends it, so one namespace never holds another.
const NAMESPACE = /^[A-Za-z0-9_]{1,64}$/
const CONSUMER = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/

export interface Namespace {
  readonly name: string
  /** The prefix every ledger stream name starts with (`<namespace>-`). */
  readonly prefix: string
  /** The EventStoreDB stream of a ledger stream. */
  streamName(streamId: string): string
  /** The ledger stream id of an EventStoreDB stream, or `undefined` when it is not ours. */
  streamIdOf(streamName: string): string | undefined
  /** The snapshot stream of a projection consumer. */
  projectionStream(consumer: string): string
}

/** Checks a namespace; a bad one is a configuration error and throws. */
export const namespaceOf = (name: string = DEFAULT_NAMESPACE): Namespace => {
  if (!NAMESPACE.test(name)) {
    throw new TypeError(
      'an EventStoreDB namespace is 1-64 letters, digits or underscores (no "-", no ".")',
    )
  }
  const prefix = `${name}-`
  return {
    name,
    prefix,
    streamName: (streamId) => prefix + streamId,
    streamIdOf: (streamName) =>
      streamName.startsWith(prefix) ? streamName.slice(prefix.length) : undefined,
    projectionStream: (consumer) => {
      if (!CONSUMER.test(consumer)) {
        throw new TypeError('a projection name is 1-200 letters, digits, "_", ".", ":" or "-"')
      }
      return `${name}.projection-${consumer}`
    },
  }
}
