import { describe, expect, it } from 'vitest'
import { diffLines } from '../../../../shared/text/line-diff'

describe('diffLines', () => {
  it('marks added and removed lines and keeps the common ones', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ])
  })
  it('handles empty texts', () => {
    expect(diffLines('', 'a')).toEqual([{ kind: 'added', text: 'a' }])
    expect(diffLines('a', '')).toEqual([{ kind: 'removed', text: 'a' }])
    expect(diffLines('', '')).toEqual([])
  })
  it('falls back to replace-all beyond the cell budget and still reconstructs both sides', () => {
    const a = Array.from({ length: 50 }, (_, i) => `a${i}`).join('\n')
    const b = Array.from({ length: 50 }, (_, i) => `b${i}`).join('\n')
    const d = diffLines(a, b, 100)
    expect(d.filter((l) => l.kind !== 'added').map((l) => l.text).join('\n')).toBe(a)
    expect(d.filter((l) => l.kind !== 'removed').map((l) => l.text).join('\n')).toBe(b)
  })
})
