/**
 * How well the classifier suggests ProClass codes that a council's own coding would give (issue 11, part 3).
 * Trafford publishes a ProClass code on every line; we hide some codes, learn from the rest, and score the
 * suggestions against the hidden codes, weighted by spend (absolute pence). Lines Trafford left "Not Classified"
 * are not scored. Three hold-outs:
 *
 * - unseen suppliers: suppliers held out by a hash of their key (1 in 5); learning from the other suppliers only.
 * - half the lines: every other line of the file hidden (by a hash of its line number); the suppliers are mostly seen.
 * - April → May: learn from the April payments, suggest May's.
 *
 *   npx tsx bench/classifier-holdout.mts [path/to/trafford.csv]
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createClassifier, type CodedGroup } from '../shared/spend/classifier'
import { autoSupplierKey } from '../shared/spend/supplier-key'
import type { ProclassRow } from '../shared/taxonomy/search'
import { proclassLabels } from '../server/spend/classify-org'
import { parseSpendFile } from '../server/spend/parse-file'
import type { ParsedLine } from '../server/spend/row-pipeline'

const DEFAULT = join(import.meta.dirname, '../../shared/data/spend/trafford-council/trafford-supplier-spend-2026-27_first-18906-rows.csv')

interface Line {
  readonly key: string
  readonly name: string
  readonly purpose: string | null
  readonly unit: string | null
  readonly code: string | null
  readonly pence: number
  readonly date: string | null
  readonly line: number
}

const bucket = (text: string, n: number): number => createHash('sha1').update(text).digest().readUInt32BE(0) % n

async function load(path: string): Promise<Line[]> {
  const out: Line[] = []
  await parseSpendFile(path, 'csv', {
    line(l: ParsedLine) {
      out.push({ key: autoSupplierKey(l.supplierName), name: l.supplierName, purpose: l.purpose, unit: l.unit, code: l.fileCode, pence: Math.abs(l.amountPence), date: l.date, line: l.line })
    },
    issue() {},
  })
  return out
}

function groups(lines: readonly Line[]): CodedGroup[] {
  const map = new Map<string, { supplierKey: string; supplierName: string; purpose: string | null; unit: string | null; code: string; lines: number; pence: number }>()
  for (const l of lines) {
    if (l.code === null) continue
    const k = `${l.key}\u0000${l.purpose}\u0000${l.unit}\u0000${l.code}`
    const g = map.get(k)
    if (g) {
      g.lines++
      g.pence += l.pence
    } else map.set(k, { supplierKey: l.key, supplierName: l.name, purpose: l.purpose, unit: l.unit, code: l.code, lines: 1, pence: l.pence })
  }
  return [...map.values()]
}

function score(name: string, train: readonly Line[], test: readonly Line[]): { name: string; lines: number; spendShare: number; linesShare: number } {
  const labels = proclassLabels(JSON.parse(readFileSync(join(import.meta.dirname, '../shared/taxonomy/proclass.json'), 'utf8')) as ProclassRow[])
  const classifier = createClassifier({ orgName: 'Trafford', own: groups(train), labels })
  let right = 0
  let total = 0
  let rightLines = 0
  let scored = 0
  const misses: Array<{ pence: number; text: string }> = []
  for (const l of test) {
    if (l.code === null) continue
    const s = classifier.classify({ supplierKey: l.key, supplierName: l.name, purpose: l.purpose, unit: l.unit, fileCode: null })
    total += l.pence
    scored++
    if (s?.code === l.code) {
      right += l.pence
      rightLines++
    } else if (process.env.HOLDOUT_DEBUG) misses.push({ pence: l.pence, text: `${l.name} | ${l.purpose} | ${l.unit} | true ${l.code} | got ${s?.code} (${s?.reason})` })
  }
  if (process.env.HOLDOUT_DEBUG) for (const m of misses.sort((a, b) => b.pence - a.pence).slice(0, 12)) console.log(`   ${((m.pence / total) * 100).toFixed(1)}% ${m.text}`)
  return { name, lines: scored, spendShare: right / Math.max(1, total), linesShare: rightLines / Math.max(1, scored) }
}

const path = process.argv[2] ?? DEFAULT
if (!existsSync(path)) {
  console.log(`classifier hold-out: ${path} not found; skipped`)
  process.exit(0)
}
const lines = await load(path)
const results = [
  score('unseen suppliers (1 in 5 held out by key hash)', lines.filter((l) => bucket(l.key, 5) !== 0), lines.filter((l) => bucket(l.key, 5) === 0)),
  score('half the lines hidden (line hash)', lines.filter((l) => bucket(String(l.line), 2) === 0), lines.filter((l) => bucket(String(l.line), 2) === 1)),
  score('April → May', lines.filter((l) => (l.date ?? '') < '2026-05-01'), lines.filter((l) => (l.date ?? '') >= '2026-05-01')),
]
console.log(`classifier hold-out on ${path.split('/').slice(-1)[0]} (${lines.length} lines)`)
for (const r of results) console.log(`  ${r.name.padEnd(50)} ${r.lines.toString().padStart(6)} lines scored  ${(r.spendShare * 100).toFixed(1).padStart(5)}% of spend  ${(r.linesShare * 100).toFixed(1).padStart(5)}% of lines`)
