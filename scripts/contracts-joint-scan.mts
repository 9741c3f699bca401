/**
 * Runs joint-procurement detection over the Lancashire Contracts Finder extract and prints each joint procurement with
 * its evidence, then the rejections counted by reason (with examples), then how end dates would be estimated (by basis).
 *
 *   npx tsx scripts/contracts-joint-scan.mts
 *
 * Needs ../shared/data/contracts/lancashire-contracts-finder (skips with a message when absent). Reads only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { estimateEndDate } from '../shared/contracts/end-date.ts'
import type { EndDateBasisKind } from '../shared/contracts/end-date.ts'
import { findJointProcurements } from '../shared/contracts/joint.ts'
import { parseDate } from '../shared/domain/dates.ts'
import type { JointNoticeInput, NotJointReason } from '../shared/contracts/joint.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DATA_DIR = join(ROOT, '../shared/data/contracts/lancashire-contracts-finder')

interface ExtractNotice { id: string; title?: string; description?: string; organisation?: string; awarded_date?: string | null; cpv_codes?: string }

if (!existsSync(DATA_DIR)) {
  process.stdout.write(`skipped: ${DATA_DIR} is absent\n`)
  process.exit(0)
}

const notices: JointNoticeInput[] = []
const raw = new Map<string, ExtractNotice>()
for (const file of readdirSync(DATA_DIR).filter((f) => f.endsWith('.json')).sort()) {
  const data = JSON.parse(readFileSync(join(DATA_DIR, file), 'utf8')) as { contracts: ExtractNotice[] }
  // The publisher of a file is the buyer name its notices use most often (the extract has one file per council).
  const counts = new Map<string, number>()
  for (const c of data.contracts) if (c.organisation) counts.set(c.organisation, (counts.get(c.organisation) ?? 0) + 1)
  const publisher = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? file
  for (const c of data.contracts) {
    notices.push({ id: c.id, title: c.title, description: c.description, buyer: c.organisation, publisher })
    raw.set(c.id, c)
  }
}

const { procurements, rejections } = findJointProcurements(notices)
const out: string[] = []
out.push(`${notices.length} notice copies, ${new Set(notices.map((n) => n.id)).size} distinct notice ids`)
out.push(`${procurements.length} joint procurements:`)
for (const p of procurements) {
  out.push(`- ${p.noticeIds.join(', ')} "${p.title.slice(0, 90)}"`)
  out.push(`    bodies: ${p.bodies.join('; ')}`)
  for (const e of p.evidence) out.push(`    ${e.kind} [${e.field}]: "${e.quote}"`)
}
const byReason = new Map<NotJointReason, typeof rejections>()
for (const r of rejections) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r])
out.push(`${rejections.length} rejected as not joint:`)
for (const [reason, list] of [...byReason.entries()].sort((a, b) => b[1].length - a[1].length)) {
  out.push(`  ${reason}: ${list.length}`)
  for (const r of list.slice(0, process.argv.includes('--all') ? list.length : 2)) out.push(`    e.g. ${r.noticeIds[0]} "${r.title.slice(0, 70)}" [${r.field}]: "${r.quote}"`)
}

const kinds = new Map<EndDateBasisKind, number>()
const wordingExamples: string[] = []
for (const c of raw.values()) {
  const award = c.awarded_date ? parseDate(c.awarded_date) : null
  const estimate = estimateEndDate({
    title: c.title, description: c.description, awardDate: award?.ok === true ? award.value : null,
    cpvCodes: (c.cpv_codes ?? '').split(/\s+/).filter((x) => x !== ''),
  })
  kinds.set(estimate.basis.kind, (kinds.get(estimate.basis.kind) ?? 0) + 1)
  if (estimate.basis.kind === 'wording' && estimate.end !== null && wordingExamples.length < (process.argv.includes('--all') ? 200 : 6)) {
    wordingExamples.push(`    ${c.id.slice(0, 8)} award ${c.awarded_date ?? '-'} → end ${estimate.end ?? '?'}${estimate.endWithExtensions ? ` (+ext ${estimate.endWithExtensions})` : ''} [${estimate.basis.kind}]: "${estimate.basis.quote}"`)
  }
}
out.push(`end dates of ${raw.size} distinct notices by basis: ${[...kinds.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`)
out.push(...wordingExamples)
process.stdout.write(`${out.join('\n')}\n`)
