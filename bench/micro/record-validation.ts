/**
 * Micro-benchmark: what validating records costs the server per update (issue 10 B3).
 *
 *   npx tsx bench/micro/record-validation.ts [iterations]
 *
 * Measures, on realistic records (the bench's geo shape with its latency marker, a category card, a note with text,
 * an arrow), µs per record for `checkBoardRecord` alone, and µs per update for the whole update check as a board
 * connection runs it: no inspector, the attribution inspector only (before), and records + attribution (now). The
 * updates are what a shape move sends: one record re-set in `tl_records`. Each figure is the median of 7 rounds.
 */
import * as Y from 'yjs'
import { createAttributionInspector } from '../../server/http/attribution-policy'
import { boardRecordRule, checkBoardRecord, composeInspectors, createValueInspector } from '../../server/sync/record-validation'
import { checkUpdate, type ContentInspector } from '../../server/sync/update-check'
import { makeShape } from '../lib/records'

const iterations = Number(process.argv[2] ?? 20000)
const ROUNDS = 7

const base = { x: 120, y: 80, rotation: 0, index: 'a1', parentId: 'page:page', isLocked: false, opacity: 1 }
const by = { updatedBy: { userId: 'u1', name: 'Ann Example', orgId: 'o1' }, createdBy: { userId: 'u1', name: 'Ann Example', orgId: 'o1' } }
const paragraph = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

const records: Record<string, Record<string, unknown>> = {
  'geo (bench shape)': { ...makeShape('w1-7', 7, 300, 200, '~bq:w1:123456:98765432101~'), meta: { ...by, bench: '~bq:w1:123456:98765432101~' } },
  'category card': { id: 'shape:card1', typeName: 'shape', type: 'category-card', ...base, meta: by, props: { categoryId: 'cat_8f3k2j9d', w: 260, h: 176 } },
  'note with text': {
    id: 'shape:note1',
    typeName: 'shape',
    type: 'note',
    ...base,
    meta: by,
    props: {
      color: 'yellow', labelColor: 'black', size: 'm', font: 'draw', fontSizeAdjustment: 0, align: 'middle', verticalAlign: 'middle',
      growY: 0, url: '', scale: 1, textLastEditedBy: null, richText: paragraph('Aggregate fleet tyres across the four bodies before the 2027 renewals'),
    },
  },
  arrow: {
    id: 'shape:arrow1',
    typeName: 'shape',
    type: 'arrow',
    ...base,
    meta: by,
    props: {
      kind: 'arc', elbowMidPoint: 0.5, dash: 'draw', size: 'm', fill: 'none', color: 'black', labelColor: 'black', bend: 0,
      start: { x: 0, y: 0 }, end: { x: 200, y: 100 }, arrowheadStart: 'none', arrowheadEnd: 'arrow', richText: paragraph(''),
      labelPosition: 0.5, font: 'draw', scale: 1,
    },
  },
}

for (const [name, record] of Object.entries(records)) {
  const reason = checkBoardRecord(record, record['id'] as string)
  if (reason !== null) throw new Error(`${name} is not a valid record: ${reason}`)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

/** µs per call of `fn`, median of ROUNDS rounds of `iterations` calls after a warm-up round. */
function time(fn: (i: number) => void): number {
  for (let i = 0; i < iterations; i++) fn(i)
  const rounds: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) fn(i)
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / iterations)
  }
  return median(rounds)
}

/** The update a shape move sends: the record re-set in tl_records, against a room that has the earlier write. */
function moveUpdate(record: Record<string, unknown>): { update: Uint8Array; sv: Map<number, number> } {
  const doc = new Y.Doc()
  const map = doc.getMap('tl_records')
  map.set(record['id'] as string, record)
  const sv = Y.encodeStateVector(doc)
  map.set(record['id'] as string, { ...record, x: 999 })
  const update = Y.encodeStateAsUpdate(doc, sv)
  return { update, sv: new Map([[doc.clientID, 1]]) }
}

const attribution = createAttributionInspector({ userId: 'u1', orgId: 'o1' })
const inspectors: Record<string, ContentInspector | undefined> = {
  'no inspector': undefined,
  'attribution only (before)': attribution,
  'records + attribution (now)': composeInspectors(createValueInspector([boardRecordRule]), attribution),
}

console.log(`record validation micro-benchmark: ${iterations} iterations × ${ROUNDS} rounds, node ${process.version}`)
console.log('\ncheckBoardRecord, µs per record')
for (const [name, record] of Object.entries(records)) {
  console.log(`  ${name.padEnd(22)} ${time(() => checkBoardRecord(record, record['id'] as string)).toFixed(2)}  (${JSON.stringify(record).length} bytes of JSON)`)
}
console.log('\ncheckUpdate of one shape move, µs per update')
for (const [name, record] of Object.entries(records)) {
  const { update, sv } = moveUpdate(record)
  const row = Object.entries(inspectors).map(([label, inspector]) => {
    const us = time(() => {
      const check = checkUpdate(update, sv, inspector)
      if (!check.ok) throw new Error(`${name} refused under ${label}: ${check.reason} ${check.detail ?? ''}`)
    })
    return `${label} ${us.toFixed(2)}`
  })
  console.log(`  ${name.padEnd(22)} ${row.join('   ')}  (${update.byteLength} bytes)`)
}
