/** Tests for shared/domain/kraljic.ts: the quadrant boundary rule, spend-derived profit impact, alone vs pooled. */
import { describe, expect, it } from 'vitest'
import {
  compareAloneVsPooled,
  DEFAULT_PROFIT_IMPACT_THRESHOLDS,
  describeProfitImpact,
  describeProfitImpactShort,
  describeUnusedHandScore,
  resolveProfitImpact,
  parseKraljicScore,
  placeOnKraljic,
  PROFIT_IMPACT_QUESTIONS,
  profitImpactFromSpend,
  scoreFromAnswers,
  SUPPLY_RISK_QUESTIONS,
  validateProfitImpactThresholds,
} from '../../../../shared/domain/kraljic.ts'
import type { KraljicQuadrant, KraljicScore, ProfitImpactThresholds } from '../../../../shared/domain/kraljic.ts'
import type { OrgId } from '../../../../shared/domain/ids.ts'
import type { Pence } from '../../../../shared/domain/money.ts'

const s = (n: number) => n as KraljicScore
const p = (n: number) => n as Pence
const org = (id: string) => id as OrgId

describe('placeOnKraljic', () => {
  // Every cell of the 5×5 grid. Rows: supply risk 1..5; columns: profit impact 1..5.
  // "High" is ≥ 3, so the boundary sits between 2 and 3 on both axes.
  const N = 'noncritical'
  const B = 'bottleneck'
  const L = 'leverage'
  const S = 'strategic'
  const GRID: readonly (readonly KraljicQuadrant[])[] = [
    /* risk 1 */ [N, N, L, L, L],
    /* risk 2 */ [N, N, L, L, L],
    /* risk 3 */ [B, B, S, S, S],
    /* risk 4 */ [B, B, S, S, S],
    /* risk 5 */ [B, B, S, S, S],
  ]
  const cases = GRID.flatMap((row, r) => row.map((quadrant, c) => [r + 1, c + 1, quadrant] as const))
  it.each(cases)('supply risk %i, profit impact %i → %s', (risk, impact, quadrant) => {
    expect(placeOnKraljic({ supplyRisk: s(risk), profitImpact: s(impact) })).toBe(quadrant)
  })

  it.each([
    // The boundary pairs either side of the rule, named explicitly.
    [2, 2, 'noncritical'],
    [3, 2, 'bottleneck'],
    [2, 3, 'leverage'],
    [3, 3, 'strategic'],
  ])('boundary: risk %i impact %i → %s', (risk, impact, quadrant) => {
    expect(placeOnKraljic({ supplyRisk: s(risk), profitImpact: s(impact) })).toBe(quadrant)
  })
})

describe('scores', () => {
  it.each([
    [1, true],
    [5, true],
    [0, false],
    [6, false],
    [2.5, false],
    ['3', false],
  ])('parseKraljicScore(%j) ok=%s', (n, isOk) => expect(parseKraljicScore(n).ok).toBe(isOk))

  it.each([
    [[3, 3, 3, 3, 3], 3],
    [[2, 3], 3], // mean 2.5 rounds half up
    [[2, 2, 3], 2], // 2.33
    [[1, 2, 3, 3, 3], 2], // 2.4
    [[2, 2, 3, 3, 3], 3], // 2.6
    [[5], 5],
  ])('scoreFromAnswers(%j) = %i', (answers, expected) => expect(scoreFromAnswers(answers)).toEqual({ ok: true, value: expected }))

  it('rejects empty and out-of-range answers', () => {
    expect(scoreFromAnswers([]).ok).toBe(false)
    expect(scoreFromAnswers([3, 6]).ok).toBe(false)
  })

  it('exports five plain-English questions per dimension with unique ids', () => {
    expect(SUPPLY_RISK_QUESTIONS).toHaveLength(5)
    expect(PROFIT_IMPACT_QUESTIONS).toHaveLength(5)
    const ids = [...SUPPLY_RISK_QUESTIONS, ...PROFIT_IMPACT_QUESTIONS].map((q) => q.id)
    expect(new Set(ids).size).toBe(10)
  })
})

describe('profitImpactFromSpend with default thresholds (£25k / £100k / £500k / £2m)', () => {
  it.each([
    [-500_00, 1],
    [0, 1],
    [24_999_99, 1],
    [25_000_00, 2],
    [99_999_99, 2],
    [100_000_00, 3],
    [499_999_99, 3],
    [500_000_00, 4],
    [1_999_999_99, 4],
    [2_000_000_00, 5],
    [90_000_000_00, 5],
  ])('%i pence → score %i', (spend, score) => expect(profitImpactFromSpend(p(spend))).toBe(score))

  it('uses edited thresholds', () => {
    const t: ProfitImpactThresholds = { score2: p(100), score3: p(200), score4: p(300), score5: p(400) }
    expect([99, 100, 199, 200, 300, 400].map((n) => profitImpactFromSpend(p(n), t))).toEqual([1, 2, 2, 3, 4, 5])
  })

  it('validates thresholds', () => {
    expect(validateProfitImpactThresholds(DEFAULT_PROFIT_IMPACT_THRESHOLDS).ok).toBe(true)
    const bad = validateProfitImpactThresholds({ score2: p(100), score3: p(100), score4: p(300), score5: p(400) })
    expect(bad.ok ? null : bad.error.code).toBe('invalid-thresholds')
    expect(validateProfitImpactThresholds({ score2: p(0), score3: p(1), score4: p(2), score5: p(3) }).ok).toBe(false)
  })
})

describe('compareAloneVsPooled', () => {
  it('moves three small buyers from noncritical to leverage when pooled', () => {
    // Supply risk 2 (low). Alone: £40k → 2, £35k → 2, £30k → 2: all noncritical.
    // Pooled: £105k ≥ £100k → 3 (high): leverage.
    const r = compareAloneVsPooled({
      supplyRisk: s(2),
      entries: [
        { orgId: org('oxford'), annualSpend: p(40_000_00) },
        { orgId: org('lambeth'), annualSpend: p(35_000_00) },
        { orgId: org('trafford'), annualSpend: p(30_000_00) },
      ],
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.pooled).toEqual({ annualSpend: 105_000_00, profitImpact: 3, quadrant: 'leverage', orgIds: ['lambeth', 'oxford', 'trafford'] })
    expect(r.value.alone.map((a) => [a.orgId, a.quadrant, a.isChangedWhenPooled])).toEqual([
      ['lambeth', 'noncritical', true],
      ['oxford', 'noncritical', true],
      ['trafford', 'noncritical', true],
    ])
    expect(r.value.isChangedWhenPooled).toBe(true)
  })

  it('reports no change when every body is already in the pooled quadrant', () => {
    const r = compareAloneVsPooled({
      supplyRisk: s(4),
      entries: [
        { orgId: org('police'), annualSpend: p(600_000_00) },
        { orgId: org('fire'), annualSpend: p(150_000_00) },
      ],
    })
    expect(r.ok && r.value.pooled.quadrant).toBe('strategic')
    expect(r.ok && r.value.isChangedWhenPooled).toBe(false)
  })

  it('fails without a supply risk score or with bad thresholds', () => {
    const noRisk = compareAloneVsPooled({ supplyRisk: undefined, entries: [] })
    expect(noRisk.ok ? null : noRisk.error.code).toBe('missing-supply-risk')
    const badT = compareAloneVsPooled({ supplyRisk: s(3), entries: [] }, { score2: p(5), score3: p(4), score4: p(6), score5: p(7) })
    expect(badT.ok ? null : badT.error.code).toBe('invalid-thresholds')
  })
})

describe('resolveProfitImpact: one rule for profit impact (issue 10 A5)', () => {
  const T = DEFAULT_PROFIT_IMPACT_THRESHOLDS
  it.each([
    // pooled spend (p), hand score, → score, basis
    [0, undefined, null, null],
    [0, 2, 2, 'hand'],
    [0, 5, 5, 'hand'],
    [1, 4, 1, 'spend'],
    [2_499_999, 4, 1, 'spend'],
    [2_500_000, 4, 2, 'spend'],
    [10_000_000, 1, 3, 'spend'],
    [240_000_000, 2, 5, 'spend'],
    [240_000_000, undefined, 5, 'spend'],
  ] as const)('spend %ip, hand %s → %s from %s', (spend, hand, score, basis) => {
    const r = resolveProfitImpact({ pooledSpend: p(spend), handScore: hand === undefined ? undefined : s(hand) }, T)
    if (score === null) return expect(r).toBeNull()
    expect(r?.score).toBe(score)
    expect(r?.basis.kind).toBe(basis)
    expect(r?.unusedHandScore).toBe(basis === 'spend' && hand !== undefined ? hand : null)
  })

  it('uses the board thresholds it is given', () => {
    const custom: ProfitImpactThresholds = { score2: p(100), score3: p(200), score4: p(300), score5: p(400) }
    expect(resolveProfitImpact({ pooledSpend: p(350), handScore: undefined }, custom)?.score).toBe(4)
  })

  it('describes which profit impact applies and why', () => {
    expect(describeProfitImpact(must(resolveProfitImpact({ pooledSpend: p(240_000_000), handScore: s(2) }, T)))).toBe('Profit impact 5 — from pooled spend £2.4m ≥ £2m threshold')
    expect(describeProfitImpact(must(resolveProfitImpact({ pooledSpend: p(0), handScore: s(2) }, T)))).toBe('Profit impact 2 — scored by hand, no spend entered yet')
    // Below the first threshold the exact amounts are shown, so rounding never reads as "£25k, below £25k".
    expect(describeProfitImpact(must(resolveProfitImpact({ pooledSpend: p(2_499_999), handScore: undefined }, T)))).toBe('Profit impact 1 — from pooled spend £24,999.99, below the £25,000.00 threshold for 2')
    expect(describeProfitImpactShort(must(resolveProfitImpact({ pooledSpend: p(240_000_000), handScore: s(2) }, T)))).toBe('Impact 5: pooled spend £2.4m ≥ £2m')
    expect(describeProfitImpactShort(must(resolveProfitImpact({ pooledSpend: p(0), handScore: s(2) }, T)))).toBe('Impact 2: scored by hand, no spend yet')
    expect(describeUnusedHandScore(resolveProfitImpact({ pooledSpend: p(240_000_000), handScore: s(2) }, T))).toMatch(/^Hand score 2 is kept but not used/)
    expect(describeUnusedHandScore(resolveProfitImpact({ pooledSpend: p(0), handScore: s(2) }, T))).toBeNull()
  })
})

function must<T>(value: T | null): T {
  if (value === null) throw new Error('expected a value')
  return value
}
