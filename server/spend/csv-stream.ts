/**
 * A streaming twin of shared/domain/csv.ts's `parseCsv`: text arrives in chunks and records leave one at a time, so
 * a 60 MB spend file is never one string nor one array of records. Same leniencies and the same physical line
 * numbers as `parseCsv` (the unit test runs both over every fixture and every chunk size), and a byte decoder that
 * picks UTF-8, UTF-16LE or Windows-1252 the way `decodeSpendFile` does, restarting in 1252 when UTF-8 fails late.
 */
import { decodeWindows1252 } from '../../shared/domain/spend-import.ts'
import type { SpendFileEncoding } from '../../shared/domain/spend-import.ts'

export interface StreamedRecord {
  readonly line: number
  readonly fields: string[]
}

const QUOTE = 0x22
const COMMA = 0x2c
const CR = 0x0d
const LF = 0x0a

/** Push text, get records through `onRecord`; `end()` flushes the last record and reports an unclosed quote. */
export class CsvTokenizer {
  private fields: string[] = []
  private field = ''
  private inQuotes = false
  private atFieldStart = true
  private isRecordOpen = false
  private line = 1
  private recordLine = 1
  private openedOn = 0
  private held = ''
  private isFirstChunk = true
  readonly problems: Array<{ line: number; reason: string }> = []

  constructor(private readonly onRecord: (record: StreamedRecord) => void) {}

  push(chunk: string): void {
    let text = this.held + chunk
    if (this.isFirstChunk && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      this.isFirstChunk = false
    }
    // Hold back a trailing run of quotes and CRs: what they mean depends on the next character.
    let cut = text.length
    while (cut > 0 && (text.charCodeAt(cut - 1) === QUOTE || text.charCodeAt(cut - 1) === CR)) cut--
    this.held = text.slice(cut)
    this.scan(text.slice(0, cut))
  }

  end(): void {
    const rest = this.held
    this.held = ''
    this.scan(rest)
    if (this.inQuotes) this.problems.push({ line: this.openedOn, reason: `quote opened on line ${this.openedOn} is never closed` })
    if (this.isRecordOpen) {
      this.fields.push(this.field)
      this.onRecord({ line: this.recordLine, fields: this.fields })
      this.fields = []
      this.field = ''
      this.isRecordOpen = false
    }
  }

  private scan(src: string): void {
    const n = src.length
    let i = 0
    while (i < n) {
      this.isRecordOpen = true
      if (this.inQuotes) {
        const q = src.indexOf('"', i)
        const piece = q === -1 ? src.slice(i) : src.slice(i, q)
        this.line += countLineBreaks(piece)
        this.field += piece
        if (q === -1) return
        if (q + 1 < n && src.charCodeAt(q + 1) === QUOTE) {
          this.field += '"'
          i = q + 2
          continue
        }
        this.inQuotes = false
        i = q + 1
        continue
      }
      if (this.atFieldStart && src.charCodeAt(i) === QUOTE) {
        this.inQuotes = true
        this.atFieldStart = false
        this.openedOn = this.line
        i++
        continue
      }
      this.atFieldStart = false
      let j = i
      while (j < n) {
        const c = src.charCodeAt(j)
        if (c === COMMA || c === CR || c === LF) break
        j++
      }
      this.field += src.slice(i, j)
      if (j >= n) return
      const c = src.charCodeAt(j)
      this.fields.push(this.field)
      this.field = ''
      this.atFieldStart = true
      if (c === COMMA) {
        i = j + 1
        continue
      }
      this.onRecord({ line: this.recordLine, fields: this.fields })
      this.fields = []
      this.isRecordOpen = false
      i = j + (c === CR && src.charCodeAt(j + 1) === LF ? 2 : 1)
      this.line++
      this.recordLine = this.line
    }
  }
}

function countLineBreaks(s: string): number {
  let count = 0
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k)
    if (c === LF) count++
    else if (c === CR && s.charCodeAt(k + 1) !== LF) count++
  }
  return count
}

/** Which decoding to use for a file, from its first bytes; UTF-8 may still turn out to be 1252 later. */
export function sniffEncoding(head: Uint8Array): SpendFileEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le'
  return 'utf-8'
}

/** Decodes a byte stream chunk by chunk; throws `InvalidUtf8` when the bytes are not UTF-8 (caller restarts in 1252). */
export class ChunkDecoder {
  private readonly decoder: TextDecoder | null
  private isFirst = true
  constructor(readonly encoding: SpendFileEncoding) {
    this.decoder = encoding === 'windows-1252' ? null : new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: false })
  }
  decode(bytes: Uint8Array): string {
    let body = bytes
    if (this.isFirst) {
      this.isFirst = false
      if (this.encoding === 'windows-1252' && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3)
    }
    if (this.decoder === null) return decodeWindows1252(body)
    try {
      return this.decoder.decode(body, { stream: true })
    } catch {
      // reason: a fatal UTF-8 decoder throws on the first invalid byte; the caller restarts the file as Windows-1252
      throw new InvalidUtf8()
    }
  }
  end(): string {
    if (this.decoder === null) return ''
    try {
      return this.decoder.decode()
    } catch {
      // reason: as above, an incomplete UTF-8 sequence at the very end
      throw new InvalidUtf8()
    }
  }
}

export class InvalidUtf8 extends Error {
  constructor() {
    super('the file is not valid UTF-8')
    this.name = 'InvalidUtf8'
  }
}
