/** Tests for shared/taxonomy/search.ts over the shipped ProClass and CPV JSON. */
import { describe, expect, it } from 'vitest'
import cpvJson from '../../../../shared/taxonomy/cpv.json' with { type: 'json' }
import proclassJson from '../../../../shared/taxonomy/proclass.json' with { type: 'json' }
import { cpvEntries, createTaxonomyIndex, proclassEntries, searchTaxonomy } from '../../../../shared/taxonomy/search.ts'
import type { CpvMap, ProclassRow } from '../../../../shared/taxonomy/search.ts'

const proclass = proclassEntries(proclassJson as ProclassRow[])
const cpv = cpvEntries(cpvJson as CpvMap)
const proclassIndex = createTaxonomyIndex(proclass)
const cpvIndex = createTaxonomyIndex(cpv)

describe('shipped taxonomies', () => {
  it('hold every source code (586 ProClass, 9,454 CPV) in code order', () => {
    expect(proclass).toHaveLength(586)
    expect(cpv).toHaveLength(9454)
    expect(proclass.every((e) => /^\d{6}$/.test(e.code))).toBe(true)
    expect(cpv.every((e) => /^\d{8}$/.test(e.code))).toBe(true)
    expect(cpv.map((e) => e.code)).toEqual([...cpv.map((e) => e.code)].sort())
  })

  it('builds ProClass labels and paths from the levels', () => {
    expect(proclass.find((e) => e.code === '290000')).toMatchObject({ label: 'Arts & Leisure Services', level: 1, path: ['Arts & Leisure Services'] })
    expect(proclass.find((e) => e.code === '299999')).toMatchObject({ label: 'Not Elsewhere Classified', level: 2 })
  })

  it('builds CPV paths from trailing-zero hierarchy', () => {
    const e = cpv.find((x) => x.code === '45310000')
    expect(e?.level).toBe(3)
    expect(e?.path[0]).toBe((cpvJson as CpvMap)['45000000'])
    expect(e?.path[e.path.length - 1]).toBe(e?.label)
  })
})

describe('searchTaxonomy', () => {
  it.each(['453', '45300000', '45300000-0'])('code query %s finds group 453, exact code first', (q) => {
    const hits = searchTaxonomy(cpvIndex, q, 500)
    expect(hits[0]?.entry.code).toBe('45300000')
    expect(hits.every((h) => h.entry.code.startsWith('453') && h.matchedBy === 'code')).toBe(true)
    expect(hits.length).toBeGreaterThan(10)
  })

  it('ranks shallower codes first for a prefix', () => {
    const hits = searchTaxonomy(proclassIndex, '29', 5)
    expect(hits[0]?.entry.code).toBe('290000')
  })

  it('finds by words, every word required, label matches before path matches', () => {
    const hits = searchTaxonomy(proclassIndex, 'nursing', 10)
    expect(hits.length).toBeGreaterThan(0)
    expect(hits[0]?.entry.label.toLowerCase()).toContain('nursing')
    const tyres = searchTaxonomy(cpvIndex, 'tyres', 5)
    expect(tyres[0]?.entry.label.toLowerCase()).toMatch(/^tyres/)
    expect(searchTaxonomy(cpvIndex, 'tyres zzzqqq')).toEqual([])
  })

  it('matches word prefixes and & / and', () => {
    const a = searchTaxonomy(proclassIndex, 'arts & leis', 3)
    const b = searchTaxonomy(proclassIndex, 'arts and leis', 3)
    expect(a.map((h) => h.entry.code)).toEqual(b.map((h) => h.entry.code))
    expect(a[0]?.entry.code).toBe('290000')
  })

  it('returns nothing for empty queries and respects the limit', () => {
    expect(searchTaxonomy(cpvIndex, '   ')).toEqual([])
    expect(searchTaxonomy(cpvIndex, 'services', 7)).toHaveLength(7)
  })
})
