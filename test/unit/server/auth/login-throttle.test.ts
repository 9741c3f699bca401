import { describe, expect, it } from 'vitest'
import { LoginThrottle } from '../../../../server/auth/login-throttle'

describe('LoginThrottle', () => {
  const make = () => {
    let now = 0
    const t = new LoginThrottle({ freeFailures: 3, lockAfterFailures: 6, windowMs: 60_000, baseDelayMs: 100, maxDelayMs: 350, now: () => now })
    return { t, advance: (ms: number) => (now += ms) }
  }

  it('lets the first failures through without delay, then slows with doubling delays up to the cap', () => {
    const { t } = make()
    const keys = ['email:a@b.gov.uk']
    const delays: number[] = []
    for (let i = 0; i < 6; i++) {
      const d = t.check(keys)
      delays.push(d.allowed ? d.delayMs : -1)
      t.recordFailure(keys)
    }
    expect(delays).toEqual([0, 0, 0, 100, 200, 350])
  })

  it('refuses after the lock-out threshold until the window passes, with a retry-after', () => {
    const { t, advance } = make()
    const keys = ['email:a@b.gov.uk', 'ip:127.0.0.1']
    for (let i = 0; i < 6; i++) t.recordFailure(keys)
    const locked = t.check(keys)
    expect(locked).toEqual({ allowed: false, retryAfterSeconds: 60 })
    advance(30_000)
    expect(t.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 30 })
    advance(30_001)
    expect(t.check(keys)).toEqual({ allowed: true, delayMs: 0 })
  })

  it('the strictest key wins: a locked address blocks every email', () => {
    const { t } = make()
    for (let i = 0; i < 6; i++) t.recordFailure(['ip:10.0.0.1'])
    expect(t.check(['email:new@x.gov.uk', 'ip:10.0.0.1']).allowed).toBe(false)
    expect(t.check(['email:new@x.gov.uk', 'ip:10.0.0.2']).allowed).toBe(true)
  })

  it('a success clears the email key', () => {
    const { t } = make()
    for (let i = 0; i < 5; i++) t.recordFailure(['email:a'])
    t.recordSuccess(['email:a'])
    expect(t.check(['email:a'])).toEqual({ allowed: true, delayMs: 0 })
  })
})
