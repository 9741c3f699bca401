import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../../../server/auth/password'

const cheap = { N: 1024, r: 8, p: 1 }

describe('password hashing', () => {
  it('verifies the right password and rejects others; salts differ per hash', async () => {
    const a = await hashPassword('correct horse battery', cheap)
    const b = await hashPassword('correct horse battery', cheap)
    expect(a).not.toBe(b)
    expect(a).not.toContain('correct horse')
    expect(a.startsWith('scrypt$1024$8$1$')).toBe(true)
    expect(await verifyPassword('correct horse battery', a)).toBe(true)
    expect(await verifyPassword('correct horse batterY', a)).toBe(false)
    expect(await verifyPassword('', a)).toBe(false)
  })

  it('rejects malformed stored hashes without throwing', async () => {
    for (const stored of ['', 'plain', 'scrypt$1$2', 'bcrypt$1$2$3$4$5']) expect(await verifyPassword('x', stored)).toBe(false)
  })

  it('normalises Unicode so the same password typed differently verifies', async () => {
    const h = await hashPassword('caf\u00e9 au lait pour deux', cheap)
    expect(await verifyPassword('cafe\u0301 au lait pour deux', h)).toBe(true)
  })
})
