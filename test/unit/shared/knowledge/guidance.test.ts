/** Guidance published to the shared library is real: the outline's prompts replaced and 20+ words of the author's own. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkGuidance, countGuidanceWords, GUIDANCE_MIN_WORDS, starterBody } from '../../../../shared/knowledge/guidance'
import { importMethodologyMarkdown } from '../../../../shared/knowledge/markdown-io'

const REAL =
  'Use it at the first workshop, when each body has brought its spend and contract end dates. Place every category, agree the quadrant together, and note who leads each follow-up action.'

describe('checkGuidance', () => {
  it('refuses the untouched outline, naming the prompts left in place and the words missing', () => {
    const r = checkGuidance(starterBody('Fleet review'))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('placeholder-guidance')
    expect(r.error.issues.map((i) => i.path)).toEqual(['body', 'body'])
    expect(r.error.issues[0]?.message).toBe(`guidance still has the outline's prompt under "Purpose", "When to use", "A public-sector example"; replace it with your own words`)
    expect(r.error.issues[1]?.message).toMatch(/^guidance has 0 words of its own; write at least 20/)
  })

  it('refuses empty, whitespace and heading-only guidance', () => {
    for (const body of ['', '   \n  ', '## Purpose\n\n## Steps\n\n- \n']) expect(checkGuidance(body).ok).toBe(false)
  })

  it('does not count headings, outline lines, tags or link targets as words', () => {
    expect(countGuidanceWords('## Purpose\n\n1. Set up the board and explain the layout.\n\n<b>Bold</b> [see](https://example.org/a-b-c)')).toBe(2)
  })

  it('accepts the outline once its prompts are replaced with real guidance', () => {
    const body = starterBody('Fleet review')
      .replace('What Fleet review helps a category team decide or see.', REAL)
      .replace('The situations that call for it, and the stage of the category-management cycle.', 'Before re-tendering fleet maintenance.')
      .replace('A short, anonymised example from a workshop.', 'Four bodies found two contracts ending within a year.')
    const r = checkGuidance(body)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value.wordCount).toBeGreaterThanOrEqual(GUIDANCE_MIN_WORDS)
  })

  it('accepts every seed method', () => {
    const dir = join(import.meta.dirname, '../../../../server/knowledge/seed')
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
      const parsed = importMethodologyMarkdown(readFileSync(join(dir, file), 'utf8'))
      if (!parsed.ok) throw new Error(parsed.error.message)
      expect(checkGuidance(parsed.value.body).ok, file).toBe(true)
    }
  })
})
