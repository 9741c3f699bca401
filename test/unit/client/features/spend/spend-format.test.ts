/**
 * Display rules of the Spend data page (client/features/spend/spend-format.ts): money to the penny, coverage shares
 * that add up to 100%, the upload queue's state changes and an import's progress in words, and the supplier filter.
 */
import { describe, expect, it } from 'vitest'
import type { ImportJob, SpendSupplier } from '../../../../../shared/schema/spend-api'
import {
  codedPercent,
  coverageShares,
  filterSuppliers,
  formatBytes,
  formatConfidence,
  formatSpend,
  isPending,
  issueSummary,
  progressView,
  queueReducer,
  restoreImports,
  savedImports,
  shortLabel,
  type QueueItem,
} from '../../../../../client/features/spend/spend-format'

const job = (over: Partial<ImportJob>): ImportJob => ({ importId: 'i1', orgId: 'o', filename: 'bolton.csv', status: 'running', rowsRead: 0, progress: 0, ...over })

describe('money and numbers', () => {
  it('shows spend to the penny with thousands separators', () => {
    expect(formatSpend(17531734801)).toBe('£175,317,348.01')
    expect(formatSpend(0)).toBe('£0.00')
    expect(formatSpend(-1250)).toBe('-£12.50')
  })

  it('shows confidence as a whole percentage, clamped', () => {
    expect(formatConfidence(0.874)).toBe('87%')
    expect(formatConfidence(1)).toBe('100%')
    expect(formatConfidence(1.2)).toBe('100%')
    expect(formatConfidence(null)).toBeNull()
    expect(formatConfidence(undefined)).toBeNull()
  })

  it('shows file sizes as people read them', () => {
    expect(formatBytes(900)).toBe('900 bytes')
    expect(formatBytes(2884085)).toBe('2.8 MB')
    expect(formatBytes(40_000)).toBe('39 KB')
  })

  it('shortens a ProClass label path to its deepest level', () => {
    expect(shortLabel('Social Community Care Supplies & Services - Children › Residential Services › Residential Care')).toBe('Residential Care')
    expect(shortLabel('Software')).toBe('Software')
    expect(shortLabel(null)).toBe('')
  })

  it('names the rows left out, and nothing for a clean file', () => {
    expect(issueSummary({ errors: 0, skipped: 0, recovered: 0 })).toBe('')
    expect(issueSummary({ errors: 1, skipped: 2, recovered: 639 })).toBe('1 row refused · 2 rows left out · 639 rows repaired')
  })
})

describe('classification coverage', () => {
  it('splits spend by how its code was set into shares that add up to 100%', () => {
    const shares = coverageShares({ file: 600, learned: 300, confirmed: 0, none: 100 })
    expect(shares.map((s) => [s.key, s.bps])).toEqual([
      ['file', 6000],
      ['confirmed', 0],
      ['learned', 3000],
      ['none', 1000],
    ])
    expect(shares.reduce((a, s) => a + s.bps, 0)).toBe(10_000)
    expect(shares.map((s) => s.label)).toEqual(['from the file', 'confirmed', 'suggested', 'no code yet'])
    expect(codedPercent({ file: 600, learned: 300, confirmed: 0, none: 100 })).toBe('90%')
  })

  it('rounds shares to a tenth of a percent and still adds up', () => {
    const shares = coverageShares({ file: 1, learned: 1, confirmed: 1, none: 0 })
    expect(shares.reduce((a, s) => a + s.bps, 0)).toBe(10_000)
    expect(shares[0]?.percent).toBe('33.3%')
  })

  it('counts a negative group (credits) as nothing, and has no shares without spend', () => {
    expect(coverageShares({ file: -50, learned: 0, confirmed: 0, none: 100 }).find((s) => s.key === 'none')?.bps).toBe(10_000)
    expect(coverageShares({ file: 0, learned: 0, confirmed: 0, none: 0 })).toEqual([])
    expect(codedPercent({ file: 0, learned: 0, confirmed: 0, none: 0 })).toBeNull()
  })
})

describe('upload queue', () => {
  const start = queueReducer([], { type: 'added', localId: 'u1', filename: 'bolton.csv', sizeBytes: 2884085 })

  it('goes sending → importing → done, in the order chosen, and a finished job stays finished', () => {
    expect(start[0]).toMatchObject({ phase: 'sending' })
    expect(isPending(start[0] as QueueItem)).toBe(true)
    const one = queueReducer([], { type: 'added', localId: 'u2', filename: 'oldham.csv', sizeBytes: 10 })
    const two = queueReducer(one, { type: 'added', localId: 'u1', filename: 'bolton.csv', sizeBytes: 2884085 })
    expect(two.map((i) => i.localId)).toEqual(['u2', 'u1'])
    let items = queueReducer(two, { type: 'accepted', localId: 'u1', importId: 'i1' })
    items = queueReducer(items, { type: 'polled', localId: 'u1', job: job({ rowsRead: 4000, progress: 0.4 }) })
    expect(items[1]).toMatchObject({ phase: 'importing', job: { rowsRead: 4000 } })
    items = queueReducer(items, { type: 'polled', localId: 'u1', job: job({ status: 'done', rowsRead: 17035, progress: 1 }) })
    expect(isPending(items[1] as QueueItem)).toBe(false)
    // A late answer from an earlier poll does not move it back.
    items = queueReducer(items, { type: 'polled', localId: 'u1', job: job({ rowsRead: 9000, progress: 0.9 }) })
    expect(items[1]).toMatchObject({ job: { status: 'done', rowsRead: 17035 } })
    expect(queueReducer(items, { type: 'dismissed', localId: 'u1' }).map((i) => i.localId)).toEqual(['u2'])
  })

  it('keeps the server’s message for a refused upload', () => {
    const items = queueReducer(start, { type: 'refused', localId: 'u1', message: 'report.pdf is a PDF document.', status: 415 })
    expect(items[0]).toMatchObject({ phase: 'refused', status: 415 })
    expect(progressView(items[0] as QueueItem)).toMatchObject({ status: 'Not accepted', detail: 'report.pdf is a PDF document.', tone: 'error' })
    expect(isPending(items[0] as QueueItem)).toBe(false)
  })

  it('ignores a poll answer for another import id', () => {
    const items = queueReducer(queueReducer(start, { type: 'accepted', localId: 'u1', importId: 'i1' }), { type: 'polled', localId: 'u1', job: job({ importId: 'other' }) })
    expect(items[0]).toMatchObject({ job: null })
  })
})

describe('following imports across pages', () => {
  it('keeps only the imports still running, and follows them again from their id', () => {
    let items = queueReducer([], { type: 'added', localId: 'a', filename: 'jan.csv', sizeBytes: 10 })
    items = queueReducer(items, { type: 'added', localId: 'b', filename: 'feb.csv', sizeBytes: 20 })
    items = queueReducer(items, { type: 'added', localId: 'c', filename: 'mar.csv', sizeBytes: 30 })
    items = queueReducer(items, { type: 'accepted', localId: 'a', importId: 'i-a' })
    items = queueReducer(items, { type: 'accepted', localId: 'b', importId: 'i-b' })
    items = queueReducer(items, { type: 'polled', localId: 'b', job: job({ importId: 'i-b', status: 'done', progress: 1 }) })
    expect(restoreImports(savedImports(items))).toEqual([{ localId: 'a', filename: 'jan.csv', sizeBytes: 10, phase: 'importing', importId: 'i-a', job: null }])
  })

  it('starts empty from nothing, garbage or entries of another shape', () => {
    expect(restoreImports(null)).toEqual([])
    expect(restoreImports('{not json')).toEqual([])
    expect(restoreImports('{"a":1}')).toEqual([])
    expect(restoreImports('[null, 3, {"localId":"x","filename":"f.csv","sizeBytes":"1","importId":"i"}]')).toEqual([])
  })
})

describe('progress in words', () => {
  const importing = (j: ImportJob | null): QueueItem => ({ localId: 'u1', filename: 'bolton.csv', sizeBytes: 2884085, phase: 'importing', importId: 'i1', job: j })

  it('says what is happening with a percentage that never shows 100 before done', () => {
    expect(progressView({ localId: 'u1', filename: 'b.csv', sizeBytes: 2884085, phase: 'sending' })).toMatchObject({ percent: 0, status: 'Sending…', detail: 'Sending 2.8 MB to Pooled' })
    expect(progressView(importing(null))).toMatchObject({ percent: 0, status: 'Waiting to start' })
    expect(progressView(importing(job({ status: 'running', progress: 0.426, rowsRead: 4000, stage: 'Reading the file' })))).toEqual({
      percent: 42,
      status: 'Reading',
      detail: 'Reading the file · 4,000 rows read',
      tone: 'busy',
    })
    expect(progressView(importing(job({ status: 'running', progress: 1, rowsRead: 17035, stage: 'Matching suppliers' })))).toMatchObject({ percent: 99 })
    expect(progressView(importing(job({ status: 'done', progress: 1, rowsRead: 17035 })))).toMatchObject({ percent: 100, status: 'Imported', tone: 'ok' })
  })

  it('names duplicates, failures and cancellations', () => {
    const result = { fileId: 'f1', transactions: 3, totalPence: 100, errors: [], skipped: [], recovered: [] }
    expect(progressView(importing(job({ status: 'done', progress: 1, result: { ...result, duplicateOf: 'f0' } })))).toMatchObject({ status: 'Already imported', tone: 'warn' })
    expect(progressView(importing(job({ status: 'failed', error: { code: 'not-a-spend-file', message: 'no header row' } })))).toMatchObject({ status: 'Failed', detail: 'no header row', tone: 'error' })
    expect(progressView(importing(job({ status: 'cancelled', progress: 0.3 })))).toMatchObject({ status: 'Cancelled', percent: 30 })
  })
})

describe('supplier filter', () => {
  const s = (key: string, name: string, totalPence: number, extra: Partial<SpendSupplier> = {}): SpendSupplier => ({
    key,
    name,
    transactions: 1,
    totalPence,
    proclassCode: null,
    source: null,
    confidence: null,
    ...extra,
  })
  const list = [
    s('a', 'Acme Ltd', 500),
    s('b', 'Bolton Tyres', 900, { proclassCode: '321115', proclassLabel: 'Tyres', names: ['Bolton Tyres', 'BOLTON TYRE CO'] }),
    s('c', 'Crown Commercial', 900, { transactions: 5 }),
  ]

  it('orders by spend (ties by name), by payments or by name', () => {
    expect(filterSuppliers(list, '').map((x) => x.key)).toEqual(['b', 'c', 'a'])
    expect(filterSuppliers(list, '', 'transactions').map((x) => x.key)).toEqual(['c', 'b', 'a'])
    expect(filterSuppliers(list, '', 'name').map((x) => x.key)).toEqual(['a', 'b', 'c'])
  })

  it('matches every word in the name, other published names, code or category', () => {
    expect(filterSuppliers(list, 'tyre co').map((x) => x.key)).toEqual(['b'])
    expect(filterSuppliers(list, '3211').map((x) => x.key)).toEqual(['b'])
    expect(filterSuppliers(list, 'ACME').map((x) => x.key)).toEqual(['a'])
    expect(filterSuppliers(list, 'nobody')).toEqual([])
  })

  it('does not reorder the list it was given', () => {
    filterSuppliers(list, '')
    expect(list.map((x) => x.key)).toEqual(['a', 'b', 'c'])
  })
})
