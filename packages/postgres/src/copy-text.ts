/**
 * Rows in the text format of PostgreSQL's COPY: fields separated by tabs, one row per line,
 * NULL as `\N`. A backslash, tab, newline or carriage return inside a field is escaped, so
 * any text (JSON data with escapes, say) arrives byte for byte.
 */
const SPECIAL = /[\\\t\n\r]/
const SPECIALS = /[\\\t\n\r]/g
const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
}

const field = (value: string | null): string =>
  value === null
    ? '\\N'
    : SPECIAL.test(value)
      ? value.replace(SPECIALS, (c) => ESCAPES[c] ?? c)
      : value

/** One row as a line of COPY text, newline included. */
export const copyLine = (values: readonly (string | null)[]): string => {
  let line = ''
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + field(values[i] ?? null)
  return `${line}\n`
}
