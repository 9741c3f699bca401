/**
 * Micro-benchmark of the per-update check on the hot path (server/sync/update-check.ts): CPU time to check one
 * tldraw-like edit (one shape record rewritten in `tl_records`, with attribution) on a board of 2,000 shapes, with
 * the board's layout (DocStructure, R15) and the attribution policy with its creator index (R16), against an older
 * `update-check.ts` given with `--before` (checked with the updatedBy-only policy it had).
 *
 *   git show 865dbfa:server/sync/update-check.ts > .scratch/update-check-before.ts
 *   npx tsx bench/update-check-micro.ts --before=.scratch/update-check-before.ts
 *
 * Prints CPU µs per update (median of 7 rounds, after a warm-up round) for each. Figures are for comparing two
 * versions on one machine only.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as Y from 'yjs'
import { createAttributionInspector } from '../server/http/attribution-policy'
import { DocStructure } from '../server/sync/doc-structure'
import { checkUpdate, scanStructs, scanValues, type ContentInspector, type FieldSpec, type PolicyMemory } from '../server/sync/update-check'
import { BOARD_DOC_LAYOUT } from '../shared/wire/doc-layout'
import { makeShape } from './lib/records'

const SHAPES = 2000
const UPDATES = 5000
const ROUNDS = 7

const author = { userId: 'user-1', name: 'Ann', orgId: 'org-1', orgShortName: 'LCC' }

// The board as stored, then a stream of edits by one writer, each one shape moved.
const doc = new Y.Doc()
doc.transact(() => {
  for (let i = 0; i < SHAPES; i++) {
    const shape = { ...makeShape(`s${i}`, i, i, i), meta: { createdBy: author, createdAt: '2026-12-04T10:00:00.000Z', updatedBy: author, updatedAt: '2026-12-04T10:00:00.000Z' } }
    doc.getMap('tl_records').set(shape.id, shape)
  }
})
const stored = Y.encodeStateAsUpdate(doc)
const updates: Uint8Array[] = []
doc.on('update', (u: Uint8Array) => updates.push(u))
for (let k = 0; k < UPDATES; k++) {
  const i = (k * 7919) % SHAPES
  const shape = { ...makeShape(`s${i}`, i, k, k), meta: { createdBy: author, createdAt: '2026-12-04T10:00:00.000Z', updatedBy: author, updatedAt: `2026-12-04T10:${String(k % 60).padStart(2, '0')}:00.000Z` } }
  doc.getMap('tl_records').set(shape.id, shape)
}
const svBefore = new Map(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored)))
const bytes = updates.reduce((n, u) => n + u.byteLength, 0)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

/** Check every update in order against a fresh room state; ns per update. */
function timeRun(check: (u: Uint8Array, sv: Map<number, number>) => { ok: boolean; ranges?: Map<number, number> }, setup: () => void): number {
  setup()
  const sv = new Map(svBefore)
  // CPU time, not wall time: on a busy machine the wall clock mostly measures waiting for a core.
  const start = process.cpuUsage()
  for (const u of updates) {
    const r = check(u, sv)
    if (!r.ok) throw new Error('an honest update was refused')
    for (const [c, end] of r.ranges ?? []) sv.set(c, end)
  }
  const used = process.cpuUsage(start)
  return ((used.user + used.system) * 1000) / updates.length
}

async function main(): Promise<void> {
  const beforeArg = process.argv.find((a) => a.startsWith('--before='))
  const results: Record<string, number> = {}

  // Now: layout + attribution with its creator index, both built from the stored board first (as at a room's first write).
  let structure = new DocStructure(BOARD_DOC_LAYOUT)
  let memory: PolicyMemory
  const inspector = createAttributionInspector({ userId: author.userId, orgId: author.orgId })
  const setupNow = () => {
    structure = new DocStructure(BOARD_DOC_LAYOUT)
    structure.seed([scanStructs(stored)])
    const state = new Map<string, unknown>()
    memory = {
      recall: <T>(key: string, fields: FieldSpec, build: (values: readonly unknown[]) => T): T => {
        if (!state.has(key)) state.set(key, build(scanValues(stored, fields)))
        return state.get(key) as T
      },
    }
    // Build the creator index now (an honest write of a known shape), so its cost is not in the timed loop: it is
    // paid once per room load, and printed below.
    if (inspector.inspect([{ typeName: 'shape', id: 'shape:s0', meta: { createdBy: author, updatedBy: author } }], [], memory) !== null) throw new Error('seed')
  }
  const nowCheck = (u: Uint8Array, sv: Map<number, number>) => {
    const r = checkUpdate(u, sv, inspector, structure, memory)
    if (r.ok && r.structure) structure.commit(r.structure)
    return r
  }
  const bare = (u: Uint8Array, sv: Map<number, number>) => checkUpdate(u, sv)
  const layoutOnly = (u: Uint8Array, sv: Map<number, number>) => {
    const r = checkUpdate(u, sv, undefined, structure)
    if (r.ok && r.structure) structure.commit(r.structure)
    return r
  }
  const authorshipOnly = (u: Uint8Array, sv: Map<number, number>) => checkUpdate(u, sv, inspector, undefined, memory)

  const rounds: Record<string, number[]> = { 'now: check only': [], 'now: + layout': [], 'now: + authorship': [], 'now: + layout + authorship': [] }
  type Check = (u: Uint8Array, sv: Map<number, number>) => { ok: boolean; ranges?: Map<number, number> }
  let before: Check | null = null
  let beforeBare: Check | null = null
  if (beforeArg) {
    const mod = (await import(pathToFileURL(resolve(beforeArg.slice('--before='.length))).href)) as {
      checkUpdate: (u: Uint8Array, sv: ReadonlyMap<number, number>, inspector?: ContentInspector) => { ok: boolean; ranges?: Map<number, number> }
    }
    // The policy of that version: updatedBy only.
    const old: ContentInspector = {
      fields: { typeName: true, id: true, meta: { updatedBy: { userId: true } } },
      inspect(values) {
        for (const raw of values) {
          const v = raw as { typeName?: unknown; meta?: { updatedBy?: { userId?: unknown } } } | null
          if (v?.typeName === 'shape' && v.meta?.updatedBy?.userId !== undefined && v.meta.updatedBy.userId !== author.userId) return 'forged'
        }
        return null
      },
    }
    before = (u, sv) => mod.checkUpdate(u, sv, old)
    beforeBare = (u, sv) => mod.checkUpdate(u, sv)
    rounds['before: check only'] = []
    rounds['before: + attribution (updatedBy)'] = []
  }
  for (let r = 0; r <= ROUNDS; r++) {
    const keep = r > 0 // round 0 warms up the JIT
    const add = (name: string, ns: number) => {
      if (keep) rounds[name]?.push(ns)
    }
    if (beforeBare && before) {
      add('before: check only', timeRun(beforeBare, () => {}))
      add('before: + attribution (updatedBy)', timeRun(before, () => {}))
    }
    add('now: check only', timeRun(bare, () => {}))
    add('now: + layout', timeRun(layoutOnly, setupNow))
    add('now: + authorship', timeRun(authorshipOnly, setupNow))
    add('now: + layout + authorship', timeRun(nowCheck, setupNow))
  }
  for (const [name, xs] of Object.entries(rounds)) results[name] = median(xs)
  const seedStart = process.cpuUsage()
  setupNow()
  const seedUsed = process.cpuUsage(seedStart)
  const seedMs = (seedUsed.user + seedUsed.system) / 1000
  console.log(`${UPDATES} updates (${Math.round(bytes / UPDATES)} bytes each on average) on a board of ${SHAPES} shapes (${stored.byteLength} bytes stored)`)
  for (const [name, ns] of Object.entries(results)) console.log(`${name.padEnd(36)} ${(ns / 1000).toFixed(2)} µs CPU per update`)
  console.log(`${'building layout + creator index'.padEnd(36)} ${seedMs.toFixed(1)} ms CPU once per room load (first write)`)
}

void main()
