import { randomBytes } from 'node:crypto'

/** A fresh lower-case identifier: a schema, role or application name of one test. */
export const uniqueName = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`
