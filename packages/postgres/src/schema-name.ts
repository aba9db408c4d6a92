/** The namespace every table of the ledger lives in (DESIGN.md, "Streams and events"). */
export const DEFAULT_SCHEMA = 'gdpr_ledger'

const SCHEMA = /^[a-z_][a-z0-9_]{0,47}$/

/**
 * Checks a schema name and returns it quoted for SQL. Names are limited to lower-case
 * identifiers of at most 48 characters, so the NOTIFY channel derived from them stays under
 * PostgreSQL's 63-byte identifier limit. A bad name is a configuration error: it throws.
 */
export const quoteSchema = (schema: string): string => {
  if (!SCHEMA.test(schema))
    throw new TypeError(
      `schema must match ${SCHEMA.source} (lower-case letters, digits and _, at most 48 characters)`,
    )
  return `"${schema}"`
}

/** The channel appends NOTIFY on, one per schema. */
export const channelOf = (schema: string): string => `${schema}_appended`
