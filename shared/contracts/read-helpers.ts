/**
 * @module read-helpers
 * Small pieces every contract file reader shares: CPV codes cut to 8 digits, places and issues, the record limit.
 * Pure: no I/O.
 */
import type { ContractIssueCode, ContractReadIssue, FilePlace } from './model.ts'

/** Most records one file may hold (releases, records, extract notices or register rows). */
export const MAX_CONTRACT_FILE_RECORDS = 200_000

/**
 * A CPV code as 8 digits: the check digit ("45000000-7") and spaces dropped. Null when the text is not a CPV code.
 * @example normaliseCpvCode('45000000-7') // '45000000'
 */
export function normaliseCpvCode(text: string): string | null {
  const m = /^\s*(\d{8})(?:\s*-\s*\d)?\s*$/.exec(text)
  return m === null || m[1] === undefined ? null : m[1]
}

/** Adds codes to a list in order, skipping duplicates. */
export function pushUnique(list: string[], codes: Iterable<string>): void {
  for (const code of codes) if (!list.includes(code)) list.push(code)
}

/** A place in a file. */
export function filePlace(index: number, label: string): FilePlace {
  return { index, label }
}

/** A record-level issue. */
export function readIssue(code: ContractIssueCode, message: string, place: FilePlace | null, kept: boolean): ContractReadIssue {
  return { code, message, place, kept }
}
