import { describe, expect, it } from 'vitest'
import {
  countContributions,
  describeAttribution,
  highlightCss,
  readAttribution,
  shapesLastChangedBy,
  stampCreated,
  stampUpdated,
  type Author,
} from '../../../../../client/features/attribution/attribution'

const ann: Author = { userId: 'u-ann', name: 'Ann', orgId: 'o-lcc', orgShortName: 'LCC' }
const bob: Author = { userId: 'u-bob', name: 'Bob', orgId: 'o-pol', orgShortName: 'LancsPol' }

describe('stamping', () => {
  it('marks the creator as creator and last editor, keeping other meta', () => {
    const meta = stampCreated({ kept: 1 }, ann, '2026-03-03T10:42:00.000Z')
    expect(meta).toEqual({ kept: 1, createdBy: ann, createdAt: '2026-03-03T10:42:00.000Z', updatedBy: ann, updatedAt: '2026-03-03T10:42:00.000Z' })
  })

  it('a change keeps the creator from the previous version and names the new editor', () => {
    const created = stampCreated({}, ann, '2026-03-03T10:00:00.000Z')
    // The next version claims another creator: the previous one wins.
    const next = stampUpdated(created, { ...created, createdBy: bob }, bob, '2026-03-03T10:42:00.000Z')
    expect(readAttribution(next)).toEqual({ createdBy: ann, createdAt: '2026-03-03T10:00:00.000Z', updatedBy: bob, updatedAt: '2026-03-03T10:42:00.000Z' })
  })

  it('a shape from before attribution gets an editor but no invented creator', () => {
    const next = stampUpdated({}, { createdBy: bob }, bob, '2026-03-03T10:42:00.000Z')
    expect(readAttribution(next).createdBy).toBeNull()
    expect(readAttribution(next).updatedBy).toEqual(bob)
  })

  it('copies only the author fields (no extra properties leak into the record)', () => {
    const meta = stampCreated({}, { ...ann, color: '#fff' } as Author, 'x')
    expect(Object.keys(meta['createdBy'] as object).sort()).toEqual(['name', 'orgId', 'orgShortName', 'userId'])
  })

  it('reads malformed meta as unattributed', () => {
    expect(readAttribution(null)).toEqual({ createdBy: null, createdAt: null, updatedBy: null, updatedAt: null })
    expect(readAttribution({ createdBy: { name: 'x' }, updatedAt: 5 }).createdBy).toBeNull()
  })
})

describe('describeAttribution', () => {
  const now = new Date('2026-03-03T12:00:00')
  it('says who created and who changed last, with the time', () => {
    const meta = { createdBy: ann, createdAt: new Date('2026-03-03T09:00:00').toISOString(), updatedBy: bob, updatedAt: new Date('2026-03-03T10:42:00').toISOString() }
    expect(describeAttribution(readAttribution(meta), now)).toBe('Created by Ann (LCC) · last changed by Bob (LancsPol), 10:42')
  })
  it('collapses a shape nobody changed since creation', () => {
    const at = new Date('2026-03-03T10:42:00').toISOString()
    expect(describeAttribution(readAttribution(stampCreated({}, ann, at)), now)).toBe('Created by Ann (LCC), 10:42')
  })
  it('adds the date for older changes and nothing for unattributed shapes', () => {
    const meta = { updatedBy: bob, updatedAt: new Date('2026-03-01T08:05:00').toISOString() }
    expect(describeAttribution(readAttribution(meta), now)).toBe('Last changed by Bob (LancsPol), 1 Mar, 08:05')
    expect(describeAttribution(readAttribution({}), now)).toBeNull()
  })
})

describe('countContributions', () => {
  it('counts created and last changed per organisation, most active first, unattributed apart', () => {
    const metas = [stampCreated({}, ann, 't'), stampUpdated(stampCreated({}, ann, 't'), {}, bob, 't'), stampCreated({}, bob, 't'), {}, null]
    const result = countContributions(metas)
    expect(result.total).toBe(5)
    expect(result.unattributed).toBe(2)
    expect(result.byOrg).toEqual([
      // equal totals: alphabetical by short name
      { orgId: 'o-pol', orgShortName: 'LancsPol', created: 1, lastChanged: 2 },
      { orgId: 'o-lcc', orgShortName: 'LCC', created: 2, lastChanged: 1 },
    ])
  })
  it('is independent of order', () => {
    const metas = [stampCreated({}, ann, 't'), stampCreated({}, bob, 't'), stampCreated({}, bob, 't')]
    expect(countContributions([...metas].reverse())).toEqual(countContributions(metas))
  })
})

describe('highlight', () => {
  it('keeps the shapes last changed by the organisation and escapes ids in selectors', () => {
    const shapes = [
      { id: 'shape:a', meta: stampCreated({}, ann, 't') },
      { id: 'shape:b', meta: stampCreated({}, bob, 't') },
    ]
    expect(shapesLastChangedBy(shapes, 'o-pol')).toEqual(['shape:b'])
    const css = highlightCss(['shape:"x'])
    expect(css).toContain('[data-shape-id="shape:\\"x"]')
    expect(highlightCss([])).not.toContain('filter: none')
  })
})
