/**
 * @module code-source
 * The words people read for how a supplier's or a line's ProClass code was set. Defined once, so the Spend data
 * page, the board's pooled spend view and any report say the same.
 */
import type { CodeSource } from '../schema/spend-api.ts'

/** How a code was set, as procurement officers read it. */
export const CODE_SOURCE_LABELS: Readonly<Record<CodeSource, string>> = {
  file: 'from the file',
  learned: 'suggested',
  confirmed: 'confirmed',
}

/** The same, for spend with no code at all. */
export const NO_CODE_LABEL = 'no code yet'
