import { describe, expect, it } from 'vitest'
import { can, canGrant, maxRole, type BoardAction, type BoardRole } from '../../../../shared/access/roles'

describe('board roles', () => {
  const table: Array<[BoardRole | null, BoardAction, boolean]> = [
    [null, 'read', false],
    ['viewer', 'read', true],
    ['viewer', 'write', false],
    ['editor', 'write', true],
    ['editor', 'share', false],
    ['editor', 'rename', false],
    ['facilitator', 'share', true],
    ['facilitator', 'rename', true],
    ['facilitator', 'delete', false],
    ['owner', 'delete', true],
  ]
  it.each(table)('%s may %s: %s', (role, action, expected) => {
    expect(can(role, action)).toBe(expected)
  })

  it('only an owner grants ownership; editors grant nothing', () => {
    expect(canGrant('owner', 'owner')).toBe(true)
    expect(canGrant('facilitator', 'owner')).toBe(false)
    expect(canGrant('facilitator', 'facilitator')).toBe(true)
    expect(canGrant('editor', 'viewer')).toBe(false)
  })

  it('maxRole picks the stronger role and treats null as none', () => {
    expect(maxRole(null, 'viewer')).toBe('viewer')
    expect(maxRole('editor', 'viewer')).toBe('editor')
    expect(maxRole('viewer', 'owner')).toBe('owner')
    expect(maxRole(null, null)).toBe(null)
  })
})
