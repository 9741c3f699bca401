/** Tests for shared/domain/ids.ts: branded id parsing. */
import { describe, expect, it } from 'vitest'
import { parseBoardId, parseOrgId, spendLineId } from '../../../../shared/domain/ids.ts'

describe('ids', () => {
  it.each([
    ['trafford', true],
    ['lancs-fire_01', true],
    ['', false],
    ['has space', false],
    ['x'.repeat(65), false],
    [42, false],
  ])('parseOrgId(%j) ok=%s', (value, isOk) => {
    const r = parseOrgId(value)
    expect(r.ok).toBe(isOk)
    if (!r.ok) expect(r.error.code).toBe('invalid-id')
  })
  it('board ids are 22 base64url characters', () => {
    expect(parseBoardId('abcdefghijABCDEFGHIJ_-').ok).toBe(true)
    expect(parseBoardId('short').ok).toBe(false)
  })
  it('spend line ids name source and line', () => {
    expect(spendLineId('lambeth-2012-06', 11)).toEqual({ ok: true, value: 'lambeth-2012-06:11' })
    expect(spendLineId('lambeth', 0).ok).toBe(false)
    expect(spendLineId('bad source', 3).ok).toBe(false)
  })
})
