/**
 * @module csv
 * An RFC 4180 CSV reader for published spend files: quoted fields with `""` escapes, embedded commas and
 * newlines, CRLF, LF or bare CR record ends. Lenient where real files are sloppy, and it keeps the physical line
 * number each record starts on so every imported row can be traced back to its file.
 */

/** One CSV record and the 1-based physical line it starts on. */
export interface CsvRecord {
  readonly line: number
  readonly fields: readonly string[]
}

/** The records of a CSV text, plus any structural problems found. */
export interface CsvParse {
  readonly records: readonly CsvRecord[]
  /** E.g. a quote left open at the end of the file. The records are still returned. */
  readonly problems: readonly { readonly line: number; readonly reason: string }[]
}

/**
 * Parses CSV text (RFC 4180). A leading byte-order mark is dropped. Leniencies, each seen in UK council files:
 * a quote inside an unquoted field is kept as a literal character, text straight after a closing quote is
 * appended to the field, and a final line without a line ending is still a record. Blank lines yield a record
 * with one empty field, so callers see them and their line numbers.
 */
export function parseCsv(text: string): CsvParse {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const records: CsvRecord[] = []
  const problems: { line: number; reason: string }[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let recordLine = 1
  let isQuoted = false
  let quoteOpenedOn = 0
  let i = 0
  const endField = (): void => {
    fields.push(field)
    field = ''
  }
  const endRecord = (): void => {
    endField()
    records.push({ line: recordLine, fields })
    fields = []
  }
  while (i < src.length) {
    const ch = src[i]
    if (isQuoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        isQuoted = false
        i++
        continue
      }
      if (ch === '\r' || ch === '\n') {
        // A line break inside quotes belongs to the field (RFC 4180 §2.6) but still advances the line count.
        const isCrlf = ch === '\r' && src[i + 1] === '\n'
        field += isCrlf ? '\r\n' : ch
        i += isCrlf ? 2 : 1
        line++
        continue
      }
      field += ch
      i++
      continue
    }
    if (ch === ',') {
      endField()
      i++
    } else if (ch === '\r' || ch === '\n') {
      endRecord()
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
    } else if (ch === '"' && field === '') {
      isQuoted = true
      quoteOpenedOn = line
      i++
    } else {
      field += ch
      i++
    }
  }
  if (isQuoted) problems.push({ line: quoteOpenedOn, reason: `quote opened on line ${quoteOpenedOn} is never closed` })
  if (field !== '' || fields.length > 0 || isQuoted) endRecord()
  return { records, problems }
}
