/**
 * @module read-contract-file
 * The one entry point for contract files: decodes the bytes (UTF-8 with or without a BOM, UTF-16 with a BOM, else
 * Windows-1252), sniffs the layout from the content rather than the file name (OCDS release package, record package,
 * array of releases or JSON Lines of releases; the Contracts Finder extract; a Transparency Code register CSV), and hands it to that
 * layout's reader. Anything else is refused with a code and a message a person can act on. Pure: no I/O.
 */
import { parseCsv } from '../domain/csv.ts'
import { asArray, asObject, asText } from './json-values.ts'
import type { ContractFileRefusal, ContractFileResult, ContractReadIssue } from './model.ts'
import { CP1252_HIGH } from './notice-text.ts'
import { isExtractEntry, readContractsFinderExtract } from './read-contracts-finder-extract.ts'
import { MAX_CONTRACT_FILE_RECORDS } from './read-helpers.ts'
import { groupReleasesByOcid, readOcdsProcesses } from './read-ocds.ts'
import { findRegisterHeader, readRegisterCsv } from './read-register-csv.ts'

function refuse(code: ContractFileRefusal['code'], message: string): ContractFileResult {
  return { ok: false, error: { code, message } }
}

/** Signatures of binary formats people upload by mistake. */
const BINARY_SIGNATURES: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive or Excel workbook (.xlsx)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel or Word file (.xls/.doc)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
]

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b)
}

/** Decodes Windows-1252 bytes (the encoding of registers saved from Excel on Windows). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = ''
  const CHUNK = 8192
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const part: string[] = []
    const end = Math.min(bytes.length, i + CHUNK)
    for (let k = i; k < end; k++) {
      const b = bytes[k] ?? 0
      part.push(b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? '') : String.fromCharCode(b))
    }
    out += part.join('')
  }
  return out
}

/** Text of the file: a BOM decides when present; otherwise UTF-8 when the bytes are valid UTF-8, else Windows-1252. */
export function decodeContractFileText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder('utf-8').decode(bytes.subarray(3))
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // reason: not valid UTF-8; UK registers saved from Excel are Windows-1252 (Norfolk's "King’s Lynn" is byte 0x92).
    return decodeWindows1252(bytes)
  }
}

function tooMany(count: number, what: string, filename: string): ContractFileResult {
  return refuse('too-many-records', `${filename} holds ${count.toLocaleString('en-GB')} ${what}; at most ${MAX_CONTRACT_FILE_RECORDS.toLocaleString('en-GB')} can be read from one file. Split it and upload the parts.`)
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    // reason: not JSON, so the caller reads it as CSV.
    return { ok: false }
  }
}

/** JSON Lines: every non-empty line a JSON object; null when the text is not that (or has a single line). */
function readJsonLines(text: string): unknown[] | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  if (lines.length < 2 || !lines.every((l) => l.trimStart().startsWith('{'))) return null
  const values: unknown[] = []
  for (const line of lines) {
    const parsed = tryParseJson(line)
    if (!parsed.ok) return null
    values.push(parsed.value)
  }
  return values
}

function isRelease(value: unknown): boolean {
  const o = asObject(value)
  return o !== null && asText(o['ocid']) !== '' && ('tag' in o || 'tender' in o || 'awards' in o || 'buyer' in o || 'date' in o || 'planning' in o)
}

function readJson(json: unknown, filename: string): ContractFileResult {
  const issues: ContractReadIssue[] = []
  const root = asObject(json)
  if (Array.isArray(json)) {
    if (json.length > MAX_CONTRACT_FILE_RECORDS) return tooMany(json.length, 'entries', filename)
    if (json.some(isRelease)) return { ok: true, value: readOcdsProcesses(groupReleasesByOcid(json, 'release', issues), '', issues) }
    if (json.length > 0 && json.some(isExtractEntry)) return { ok: true, value: readContractsFinderExtract(json, issues) }
    return refuse('unrecognised-json', `${filename} is a JSON array, but not of OCDS releases (objects with an "ocid") nor of Contracts Finder notices${json.length === 0 ? ' (it is empty)' : ''}.`)
  }
  if (root === null) return refuse('unrecognised-json', `${filename} is JSON, but a ${typeof json} rather than an OCDS package or a Contracts Finder extract.`)
  const publisher = asText(asObject(root['publisher'])?.['name']) || asText(root['publisher'])
  if (Array.isArray(root['releases'])) {
    const releases = root['releases']
    if (releases.length > MAX_CONTRACT_FILE_RECORDS) return tooMany(releases.length, 'releases', filename)
    return { ok: true, value: readOcdsProcesses(groupReleasesByOcid(releases, 'release', issues), publisher, issues) }
  }
  if (Array.isArray(root['records'])) {
    const records = root['records']
    if (records.length > MAX_CONTRACT_FILE_RECORDS) return tooMany(records.length, 'records', filename)
    return { ok: true, value: readOcdsProcesses(groupReleasesByOcid(records, 'record', issues), publisher, issues) }
  }
  if (Array.isArray(root['contracts']) && (asObject(root['meta']) !== null || root['contracts'].some(isExtractEntry))) {
    const entries = root['contracts']
    if (entries.length > MAX_CONTRACT_FILE_RECORDS) return tooMany(entries.length, 'notices', filename)
    return { ok: true, value: readContractsFinderExtract(entries, issues) }
  }
  if (isRelease(root)) return { ok: true, value: readOcdsProcesses(groupReleasesByOcid([root], 'release', issues), '', issues) }
  const keys = Object.keys(root).slice(0, 6).join(', ')
  return refuse('unrecognised-json', `${filename} is JSON but neither OCDS (a release package with "releases", a record package with "records", or releases with an "ocid") nor a Contracts Finder extract ("contracts" with "meta"). Its top-level fields: ${keys === '' ? 'none' : keys}.`)
}

/**
 * Reads a contract file. Refuses: an empty file; binary files (xlsx, pdf, xls, zip); invalid JSON; JSON in another
 * layout; a CSV without a recognisable register header; more than {@link MAX_CONTRACT_FILE_RECORDS} records.
 * @param filename used in messages only: the layout is found from the content.
 */
export function readContractFile(bytes: Uint8Array, filename: string): ContractFileResult {
  const name = filename.trim() === '' ? 'the file' : `"${filename.trim()}"`
  for (const { bytes: signature, what } of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature)) return refuse('unsupported-file', `${name} is ${what}. Upload OCDS JSON, a Contracts Finder extract (JSON) or a contract register saved as CSV.`)
  }
  const text = decodeContractFileText(bytes)
  const trimmed = text.replace(/^[\s\ufeff]+/, '')
  if (trimmed.trim() === '') return refuse('empty-file', `${name} is empty.`)
  if (text.slice(0, 4096).includes('\u0000')) return refuse('unsupported-file', `${name} is a binary file, not JSON or CSV text.`)
  const first = trimmed.charAt(0)
  if (first === '{' || first === '[') {
    let json: unknown
    try {
      json = JSON.parse(trimmed)
    } catch (e) {
      // reason: invalid JSON is an expected refusal, unless it is JSON Lines (OCDS bulk files: one release per line).
      const lines = readJsonLines(trimmed)
      if (lines !== null) return readJson(lines, name)
      return refuse('invalid-json', `${name} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
    }
    return readJson(json, name)
  }
  if (first === '"') {
    // A quoted CSV header starts with a quote too: only a text that parses whole is JSON.
    const json = tryParseJson(trimmed)
    if (json.ok) return readJson(json.value, name)
  }
  if (first === '<') return refuse('unsupported-file', `${name} is HTML or XML, not JSON or CSV. Upload OCDS JSON, a Contracts Finder extract or a register CSV.`)
  const parsed = parseCsv(trimmed)
  const header = findRegisterHeader(parsed.records)
  if (header === null) {
    return refuse('unrecognised-csv', `${name} has no contract register header in its first rows: a register needs a supplier column, a title, description or reference column, and a value or start/end date column (e.g. "Supplier name", "Title of the Agreement", "Contract value").`)
  }
  const rows = parsed.records.length - header.at - 1
  if (rows > MAX_CONTRACT_FILE_RECORDS) return tooMany(rows, 'rows', name)
  const issues: ContractReadIssue[] = parsed.problems.map((p) => ({
    code: 'csv-structure',
    message: `line ${p.line}: ${p.reason}; the rest of the file was read as one field, so its rows are missing`,
    place: { index: p.line, label: `line ${p.line}` },
    kept: false,
  }))
  return { ok: true, value: readRegisterCsv(parsed.records, header, issues) }
}
