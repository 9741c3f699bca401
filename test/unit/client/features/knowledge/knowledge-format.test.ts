/** Slugs from titles, tag parsing, stage labels and usage wording for the knowledge-base screens. */
import { describe, expect, it } from 'vitest'
import { METHODOLOGY_SLUG_PATTERN, validateMethodology } from '../../../../../shared/knowledge/methodology'
import { parseTags, slugFromTitle, stageLabel, usageLabel } from '../../../../../client/features/knowledge/knowledge-format'
import { starterBody } from '../../../../../shared/knowledge/guidance'

describe('slugFromTitle', () => {
  it.each([
    ['Kraljic portfolio matrix', 'kraljic-portfolio-matrix'],
    ['  Porter’s five forces (supply market)! ', 'porter-s-five-forces-supply-market'],
    ['RACI & joint governance', 'raci-and-joint-governance'],
    ['Évaluation des coûts', 'evaluation-des-couts'],
    ['2×2 matrix', '2-2-matrix'],
  ])('%s → %s', (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug)
    expect(METHODOLOGY_SLUG_PATTERN.test(slug)).toBe(true)
  })

  it('stays within 80 characters without a trailing hyphen', () => {
    const slug = slugFromTitle('word '.repeat(40))
    expect(slug.length).toBeLessThanOrEqual(80)
    expect(slug.endsWith('-')).toBe(false)
  })
})

describe('parseTags', () => {
  it('lower-cases, trims, collapses spaces and drops duplicates and empties', () => {
    expect(parseTags(' Supply  Risk, cpv,, supply risk ,Portfolio ')).toEqual(['supply risk', 'cpv', 'portfolio'])
  })
})

describe('labels', () => {
  it('names stages and usage in plain words', () => {
    expect(stageLabel('analyse')).toBe('Analyse')
    expect(stageLabel('unknown-stage')).toBe('unknown-stage')
    expect(usageLabel(0)).toBe('Not used yet')
    expect(usageLabel(1)).toBe('Used on 1 board')
    expect(usageLabel(7)).toBe('Used on 7 boards')
  })

  it('the starter outline makes a valid body', () => {
    const result = validateMethodology({
      slug: 'x',
      title: 'X',
      stage: 'analyse',
      summary: 's',
      whenToUse: 'w',
      tags: [],
      body: starterBody('Test method'),
      template: { templateVersion: 1, shapes: [{ type: 'frame', key: 'f', x: 0, y: 0, w: 10, h: 10, name: 'F' }] },
    })
    expect(result.ok).toBe(true)
  })
})
