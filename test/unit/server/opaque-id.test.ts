import { describe, expect, it } from 'vitest'
import { BOARD_ID_PATTERN } from '../../../shared/schema/api'
import { newOpaqueId } from '../../../server/start-server'

describe('newOpaqueId', () => {
  it('is 22 base64url characters that never start with - or _ (a CSV cell starting with - reads as a formula)', () => {
    const ids = Array.from({ length: 20_000 }, newOpaqueId)
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/)
      expect(BOARD_ID_PATTERN.test(id)).toBe(true)
    }
    expect(new Set(ids).size).toBe(ids.length)
  })
})
