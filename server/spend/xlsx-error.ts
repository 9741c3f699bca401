/**
 * The one error the workbook reader throws for a file it refuses: a closed set of codes and a message a person can
 * read (which part, which limit, which value). Anything else thrown by the reader is a bug or an I/O failure.
 */

export const XLSX_ERROR_CODES = [
  'truncated-workbook',
  'not-a-workbook',
  'too-many-sheets',
  'zip-bomb',
  'malformed-workbook',
  'cancelled',
] as const
export type XlsxErrorCode = (typeof XLSX_ERROR_CODES)[number]

export class XlsxError extends Error {
  readonly code: XlsxErrorCode
  constructor(code: XlsxErrorCode, message: string) {
    super(message)
    this.name = 'XlsxError'
    this.code = code
  }
  /** The plain `{ code, message }` to hand across a worker boundary or into an error envelope. */
  toJSON(): { code: XlsxErrorCode; message: string } {
    return { code: this.code, message: this.message }
  }
}

export function isXlsxError(e: unknown): e is XlsxError {
  return e instanceof XlsxError
}
