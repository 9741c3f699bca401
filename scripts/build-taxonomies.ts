/**
 * Builds the taxonomies the app ships: reads ProClass vC17.1 (CSV), CPV 2008 (JSON) and the Companies House SIC
 * condensed list (CSV) from ../shared/data/taxonomy
 * and writes compact JSON to shared/taxonomy/. Run from the repo root: `npx tsx scripts/build-taxonomies.ts [dataDir]`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseCsv } from '../shared/domain/csv.ts'
import type { ProclassRow } from '../shared/taxonomy/search.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = path.resolve(process.argv[2] ?? path.resolve(repoRoot, '../shared/data/taxonomy'))
const outDir = path.resolve(repoRoot, 'shared/taxonomy')

function buildProclass(): ProclassRow[] {
  const { records, problems } = parseCsv(readFileSync(path.join(dataDir, 'proclass_17.csv'), 'utf8'))
  if (problems.length > 0) throw new Error(`proclass_17.csv: ${problems.map((p) => `line ${p.line}: ${p.reason}`).join('; ')}`)
  const [header, ...rows] = records
  if (header?.fields.join(',') !== 'code,level1,level2,level3,clarification_info') throw new Error(`proclass_17.csv: unexpected header ${header?.fields.join(',')}`)
  const seen = new Set<string>()
  const out: ProclassRow[] = []
  for (const { line, fields } of rows) {
    if (fields.every((f) => f.trim() === '')) continue
    const [code = '', level1 = '', level2 = '', level3 = '', clarification = ''] = fields.map((f) => f.trim())
    if (!/^\d{6}$/.test(code)) throw new Error(`proclass_17.csv line ${line}: code "${code}" is not 6 digits`)
    if (seen.has(code)) throw new Error(`proclass_17.csv line ${line}: duplicate code ${code}`)
    seen.add(code)
    out.push({ code, level1, level2, level3, clarification })
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : 1))
}

function buildCpv(): Record<string, string> {
  const raw = JSON.parse(readFileSync(path.join(dataDir, 'cpv_2008_en.json'), 'utf8')) as Record<string, unknown>
  const entries: [string, string][] = []
  for (const [withCheck, label] of Object.entries(raw)) {
    // Codes are published as 8 digits, a hyphen and a check digit; UK notices drop the check digit, so we do too.
    const m = /^(\d{8})-\d$/.exec(withCheck)
    if (m === null || typeof label !== 'string') throw new Error(`cpv_2008_en.json: unexpected entry ${withCheck}`)
    entries.push([m[1] ?? '', label.trim()])
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : 1))
  const out: Record<string, string> = {}
  for (const [code, label] of entries) {
    if (code in out) throw new Error(`cpv_2008_en.json: duplicate code ${code}`)
    out[code] = label
  }
  return out
}

/** SIC 2007 (Companies House condensed list): code as an integer (leading zeros dropped) → description; "None Supplied" dropped. */
function buildSic(): Record<string, string> {
  const { records, problems } = parseCsv(readFileSync(path.join(dataDir, 'companies-house-sic-codes_CoSicCode.csv'), 'utf8'))
  if (problems.length > 0) throw new Error(`companies-house-sic-codes_CoSicCode.csv: ${problems.map((p) => `line ${p.line}: ${p.reason}`).join('; ')}`)
  const [header, ...rows] = records
  if (header?.fields.join(',') !== 'siccode_sictext_1,sicc_int,sictext_1') throw new Error(`SIC csv: unexpected header ${header?.fields.join(',')}`)
  const entries: [string, string][] = []
  for (const { line, fields } of rows) {
    const [, code = '', text = ''] = fields.map((f) => f.trim())
    if (code === '0' || text === '') continue
    if (!/^\d{1,5}$/.test(code)) throw new Error(`SIC csv line ${line}: code "${code}" is not a number of up to 5 digits`)
    // Kept as published: an integer, leading zeros dropped (01300 → "1300"), as spend files give it too.
    entries.push([String(Number(code)), text])
  }
  entries.sort((a, b) => Number(a[0]) - Number(b[0]))
  return Object.fromEntries(entries)
}

const proclass = buildProclass()
const cpv = buildCpv()
writeFileSync(path.join(outDir, 'proclass.json'), `${JSON.stringify(proclass)}\n`)
writeFileSync(path.join(outDir, 'cpv.json'), `${JSON.stringify(cpv)}\n`)
const sic = buildSic()
writeFileSync(path.join(outDir, 'sic.json'), `${JSON.stringify(sic)}\n`)
process.stdout.write(`wrote ${proclass.length} ProClass codes ${Object.keys(cpv).length} CPV codes and ${Object.keys(sic).length} SIC codes to ${outDir}\n`)
