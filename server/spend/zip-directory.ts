/**
 * ZIP container reading for the workbook reader: the end-of-central-directory record and the central directory
 * (PKWARE APPNOTE 6.3.10 §4.3.12–4.3.16, with ZIP64 §4.3.14/4.5.3), read by position without touching entry data,
 * and one entry's data streamed through fflate's `Inflate` with its inflated bytes counted and capped.
 * The central directory is the one source of truth for sizes and offsets (as Excel treats it); a local header is
 * read only to find where its data starts.
 */
import { open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { Inflate } from 'fflate'
import { XlsxError } from './xlsx-error.ts'

/** Random access to the bytes of a file or an in-memory buffer. */
export interface ByteSource {
  readonly size: number
  /** Exactly `length` bytes from `position` (fewer only if the source ends first). */
  readAt(position: number, length: number): Promise<Uint8Array>
  close(): Promise<void>
}

export async function openByteSource(input: string | Uint8Array): Promise<ByteSource> {
  if (typeof input !== 'string') {
    const bytes = input
    return {
      size: bytes.length,
      readAt: (position, length) => Promise.resolve(bytes.subarray(position, Math.min(bytes.length, position + length))),
      close: () => Promise.resolve(),
    }
  }
  const handle: FileHandle = await open(input, 'r')
  const { size } = await handle.stat()
  return {
    size,
    async readAt(position, length) {
      const want = Math.max(0, Math.min(length, size - position))
      const buf = new Uint8Array(want)
      let got = 0
      while (got < want) {
        const { bytesRead } = await handle.read(buf, got, want - got, position + got)
        if (bytesRead === 0) break
        got += bytesRead
      }
      return got === want ? buf : buf.subarray(0, got)
    },
    close: () => handle.close(),
  }
}

export interface ZipEntry {
  readonly name: string
  /** 0 stored, 8 deflate; anything else is refused before its data is read. */
  readonly method: number
  readonly isEncrypted: boolean
  readonly crc32: number
  readonly compressedSize: number
  readonly uncompressedSize: number
  readonly localHeaderOffset: number
}

export interface ZipDirectory {
  readonly entries: readonly ZipEntry[]
  /** Where the central directory starts: every entry's data must end before it. */
  readonly centralDirectoryOffset: number
}

const SIG_EOCD = 0x06054b50
const SIG_EOCD64 = 0x06064b50
const SIG_EOCD64_LOCATOR = 0x07064b50
const SIG_CENTRAL = 0x02014b50
const SIG_LOCAL = 0x04034b50
const EOCD_BYTES = 22
const MAX_COMMENT_BYTES = 0xffff
const U16_MAX = 0xffff
const U32_MAX = 0xffffffff
/** An OLE2 compound file: how Excel stores a password-protected .xlsx (and every legacy .xls). */
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

const utf8 = new TextDecoder('utf-8')

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength)
}

function u64(dv: DataView, at: number, what: string): number {
  const n = dv.getBigUint64(at, true)
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new XlsxError('zip-bomb', `the ZIP declares a ${what} of ${n.toString()} bytes`)
  return Number(n)
}

/**
 * Reads the end-of-central-directory record and the whole central directory, and nothing else.
 * Refuses a file that is not a ZIP (`not-a-workbook`), one cut short (`truncated-workbook`), and one with more
 * entries than `maxEntries` (`zip-bomb`: many tiny entries are a bomb of their own).
 */
export async function readZipDirectory(src: ByteSource, maxEntries: number): Promise<ZipDirectory> {
  const head = await src.readAt(0, 8)
  if (head.length === 8 && CFB_MAGIC.every((b, i) => head[i] === b)) {
    throw new XlsxError('not-a-workbook', 'the file is a password-protected workbook or an old .xls file; save it as an unprotected .xlsx and upload that')
  }
  const startsLikeZip = head.length >= 4 && view(head).getUint32(0, true) === SIG_LOCAL
  const tailLength = Math.min(src.size, EOCD_BYTES + MAX_COMMENT_BYTES)
  const tailStart = src.size - tailLength
  const tail = await src.readAt(tailStart, tailLength)
  const tv = view(tail)
  let eocdAt = -1
  for (let i = tail.length - EOCD_BYTES; i >= 0; i--) {
    if (tv.getUint32(i, true) === SIG_EOCD && i + EOCD_BYTES + tv.getUint16(i + 20, true) <= tail.length) {
      eocdAt = i
      break
    }
  }
  if (eocdAt < 0) {
    if (startsLikeZip) {
      throw new XlsxError('truncated-workbook', `the workbook is incomplete (its ZIP directory is missing; ${src.size} bytes were received): the download or upload was probably cut short`)
    }
    throw new XlsxError('not-a-workbook', 'the file is not an Excel .xlsx workbook (it is not a ZIP file)')
  }
  const eocdPosition = tailStart + eocdAt
  if (tv.getUint16(eocdAt + 4, true) !== 0 || tv.getUint16(eocdAt + 6, true) !== 0) {
    throw new XlsxError('not-a-workbook', 'the file is a multi-part (spanned) ZIP, which Excel never writes')
  }
  let entryCount = tv.getUint16(eocdAt + 10, true)
  let cdSize = tv.getUint32(eocdAt + 12, true)
  let cdOffset = tv.getUint32(eocdAt + 16, true)
  if (entryCount === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
    const loc = await src.readAt(eocdPosition - 20, 20)
    if (eocdPosition >= 20 && loc.length === 20 && view(loc).getUint32(0, true) === SIG_EOCD64_LOCATOR) {
      const at = u64(view(loc), 8, 'ZIP64 directory offset')
      const rec = await src.readAt(at, 56)
      const rv = view(rec)
      if (rec.length < 56 || rv.getUint32(0, true) !== SIG_EOCD64) {
        throw new XlsxError('truncated-workbook', 'the workbook is incomplete: its ZIP64 directory record is missing')
      }
      entryCount = u64(rv, 32, 'entry count')
      cdSize = u64(rv, 40, 'directory size')
      cdOffset = u64(rv, 48, 'directory offset')
    }
  }
  if (entryCount > maxEntries) {
    throw new XlsxError('zip-bomb', `the file holds ${entryCount} parts, more than the ${maxEntries} a workbook may have`)
  }
  if (cdOffset + cdSize > eocdPosition) {
    throw new XlsxError('truncated-workbook', `the workbook is incomplete: its ZIP directory runs past the end of the file (${src.size} bytes)`)
  }
  const cd = await src.readAt(cdOffset, cdSize)
  const dv = view(cd)
  const entries: ZipEntry[] = []
  let p = 0
  for (let n = 0; n < entryCount; n++) {
    if (p + 46 > cd.length || dv.getUint32(p, true) !== SIG_CENTRAL) {
      throw new XlsxError('truncated-workbook', `the workbook is incomplete: its ZIP directory is cut after ${n} of ${entryCount} parts`)
    }
    const flags = dv.getUint16(p + 8, true)
    const method = dv.getUint16(p + 10, true)
    const crc = dv.getUint32(p + 16, true)
    let compressedSize = dv.getUint32(p + 20, true)
    let uncompressedSize = dv.getUint32(p + 24, true)
    const nameLength = dv.getUint16(p + 28, true)
    const extraLength = dv.getUint16(p + 30, true)
    const commentLength = dv.getUint16(p + 32, true)
    let localHeaderOffset = dv.getUint32(p + 42, true)
    const end = p + 46 + nameLength + extraLength + commentLength
    if (end > cd.length) {
      throw new XlsxError('truncated-workbook', `the workbook is incomplete: its ZIP directory is cut after ${n} of ${entryCount} parts`)
    }
    const name = utf8.decode(cd.subarray(p + 46, p + 46 + nameLength))
    // ZIP64 extended information (APPNOTE 4.5.3): 8-byte fields present only for the 32-bit fields set to 0xFFFFFFFF.
    let e = p + 46 + nameLength
    const extraEnd = e + extraLength
    while (e + 4 <= extraEnd) {
      const id = dv.getUint16(e, true)
      const size = dv.getUint16(e + 2, true)
      if (id === 0x0001) {
        let f = e + 4
        const take = (what: string): number => {
          if (f + 8 > e + 4 + size) throw new XlsxError('malformed-workbook', `the ZIP entry ${name} has a short ZIP64 field`)
          const v = u64(dv, f, what)
          f += 8
          return v
        }
        if (uncompressedSize === U32_MAX) uncompressedSize = take(`size for ${name}`)
        if (compressedSize === U32_MAX) compressedSize = take(`compressed size for ${name}`)
        if (localHeaderOffset === U32_MAX) localHeaderOffset = take(`offset for ${name}`)
      }
      e += 4 + size
    }
    // The local header repeats the name (APPNOTE 4.3.7), so its data cannot end before this.
    if (localHeaderOffset + 30 + nameLength + compressedSize > cdOffset) {
      throw new XlsxError('truncated-workbook', `the workbook is incomplete: part ${name} runs past the data in the file`)
    }
    entries.push({
      name,
      method,
      isEncrypted: (flags & 0x1) !== 0,
      crc32: crc,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
    })
    p = end
  }
  return { entries, centralDirectoryOffset: cdOffset }
}

export interface InflateLimits {
  /** Refuse once this entry inflates past this many bytes. */
  readonly maxBytes: number
  /** Refuse once inflated bytes exceed ratio × compressed bytes consumed + `ratioAllowanceBytes`. */
  readonly maxRatio: number
  readonly ratioAllowanceBytes: number
}

export interface InflateOptions {
  readonly limits: InflateLimits
  readonly signal?: AbortSignal | undefined
  /** Called with each inflated chunk, in order. Errors it throws end the read and are rethrown unchanged. */
  onData(chunk: Uint8Array): void
  /** Called with the number of compressed bytes just read from the source. */
  onCompressedBytes?: ((n: number) => void) | undefined
  /** Bytes read from the source at a time (default 64 KiB). */
  readonly readChunkBytes?: number
}

/** Input pushed into the inflater at a time: bounds what one push can inflate to (~1032× for deflate). */
const PUSH_BYTES = 16 * 1024

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new XlsxError('cancelled', 'reading the workbook was cancelled')
}

/**
 * Streams one entry's data from `src`, inflating it chunk by chunk. Counts the actual inflated bytes and refuses
 * (`zip-bomb`) as soon as they pass the entry's declared size, `limits.maxBytes` or the ratio limit, whatever the
 * directory said; checks the length and CRC-32 at the end (`malformed-workbook`). Returns the inflated byte count.
 */
export async function inflateEntry(src: ByteSource, entry: ZipEntry, opts: InflateOptions): Promise<number> {
  const { limits, signal } = opts
  if (entry.isEncrypted) throw new XlsxError('not-a-workbook', `the part ${entry.name} is encrypted`)
  if (entry.method !== 0 && entry.method !== 8) {
    throw new XlsxError('not-a-workbook', `the part ${entry.name} uses ZIP compression method ${entry.method}; Excel workbooks use deflate (8) or none (0)`)
  }
  const local = await src.readAt(entry.localHeaderOffset, 30)
  if (local.length < 30 || view(local).getUint32(0, true) !== SIG_LOCAL) {
    throw new XlsxError('truncated-workbook', `the workbook is damaged or incomplete: the part ${entry.name} is not where the ZIP directory says`)
  }
  const dataStart = entry.localHeaderOffset + 30 + view(local).getUint16(26, true) + view(local).getUint16(28, true)
  const dataEnd = dataStart + entry.compressedSize
  if (dataEnd > src.size) throw new XlsxError('truncated-workbook', `the workbook is incomplete: the part ${entry.name} is cut short`)

  let inflated = 0
  let consumed = 0
  let crc = 0
  let callbackError: unknown = null
  const emit = (chunk: Uint8Array): void => {
    inflated += chunk.length
    if (inflated > entry.uncompressedSize) {
      throw new XlsxError('zip-bomb', `the part ${entry.name} inflates past the ${entry.uncompressedSize} bytes its directory entry declares`)
    }
    if (inflated > limits.maxBytes) {
      throw new XlsxError('zip-bomb', `the part ${entry.name} inflates past the limit of ${limits.maxBytes} bytes`)
    }
    if (inflated > limits.maxRatio * consumed + limits.ratioAllowanceBytes) {
      throw new XlsxError('zip-bomb', `the part ${entry.name} inflates more than ${limits.maxRatio}:1`)
    }
    crc = crc32(chunk, crc)
    try {
      opts.onData(chunk)
    } catch (e) {
      callbackError = e
      throw e
    }
  }
  const inflater = entry.method === 8 ? new Inflate((chunk) => emit(chunk)) : null
  const readChunk = opts.readChunkBytes ?? 64 * 1024
  try {
    let pos = dataStart
    if (inflater && dataStart === dataEnd) inflater.push(new Uint8Array(0), true)
    while (pos < dataEnd) {
      throwIfAborted(signal)
      const want = Math.min(readChunk, dataEnd - pos)
      const chunk = await src.readAt(pos, want)
      if (chunk.length < want) throw new XlsxError('truncated-workbook', `the workbook is incomplete: the part ${entry.name} is cut short`)
      pos += chunk.length
      opts.onCompressedBytes?.(chunk.length)
      for (let off = 0; off < chunk.length; off += PUSH_BYTES) {
        throwIfAborted(signal)
        const piece = chunk.subarray(off, Math.min(chunk.length, off + PUSH_BYTES))
        consumed += piece.length
        if (inflater) inflater.push(piece, pos === dataEnd && off + PUSH_BYTES >= chunk.length)
        else emit(piece)
      }
    }
  } catch (e) {
    if (callbackError !== null || e instanceof XlsxError) throw e
    // reason: anything else thrown from push is fflate reporting bad deflate data (invalid block, unexpected EOF).
    throw new XlsxError('malformed-workbook', `the compressed data of the part ${entry.name} is damaged (${e instanceof Error ? e.message : String(e)})`)
  }
  if (inflated !== entry.uncompressedSize) {
    throw new XlsxError('malformed-workbook', `the part ${entry.name} inflates to ${inflated} bytes, not the ${entry.uncompressedSize} its directory entry declares`)
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new XlsxError('malformed-workbook', `the part ${entry.name} fails its CRC-32 check: the file is damaged`)
  }
  return inflated
}
