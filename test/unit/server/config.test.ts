/** server/config.ts: ALLOWED_ORIGINS is parsed once at boot, normalised, and a bad entry fails naming the variable. */
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config'

describe('ALLOWED_ORIGINS', () => {
  it('defaults to none', () => {
    const loaded = loadConfig({})
    expect(loaded.ok && loaded.config.ALLOWED_ORIGINS).toEqual([])
  })

  it('splits on commas, trims, and normalises as browsers send Origin', () => {
    const loaded = loadConfig({ ALLOWED_ORIGINS: ' https://Pooled.Example.gov.uk:443 ,http://localhost:5173,, https://a.example/ ' })
    expect(loaded.ok && loaded.config.ALLOWED_ORIGINS).toEqual(['https://pooled.example.gov.uk', 'http://localhost:5173', 'https://a.example'])
  })

  it.each(['pooled.example.gov.uk', 'https://a.example/board', 'ftp://a.example', 'https://a.example?x=1', '*'])('refuses %s naming the variable', (value) => {
    const loaded = loadConfig({ ALLOWED_ORIGINS: value })
    expect(loaded.ok).toBe(false)
    expect(!loaded.ok && loaded.errors.join('\n')).toMatch(/^ALLOWED_ORIGINS must list origins/)
  })
})
