/**
 * The category inspector: everything about one category in one scrollable column. Card fields (name, ProClass, CPV,
 * owner, status, scores) are written field by field to the board document, so two people editing different fields
 * both win; each organisation's figures are written only to that organisation's own document.
 */
import { updateCategoryField } from '../../../shared/doc/planning-writers'
import type { CategoryView } from '../../../shared/doc/planning-view'
import { CATEGORY_STATUSES, type CategoryStatus } from '../../../shared/domain/category-plan'
import { describeProfitImpact, describeUnusedHandScore, PROFIT_IMPACT_QUESTIONS, SUPPLY_RISK_QUESTIONS } from '../../../shared/domain/kraljic'
import { CATEGORY_CARD } from '../../canvas/planning/shape-types'
import { ContractsSection } from './ContractsSection'
import { CommitText, Field, ScorePicker, type WriteOutcome } from './fields'
import { QUADRANT_LABELS, STATUS_LABELS } from '../../../shared/domain/labels'
import { formatDate, formatMoney, QUADRANT_COLOURS } from '../../ui/format'
import { OrgSpendSection } from './OrgSpendSection'
import { OverdueFlag } from './OverdueFlag'
import { placeCategoryCard } from './planning-actions'
import { PlanSection, SpecificationSection } from './PlanSection'
import { usePlanning } from './PlanningContext'
import { TracedFigure } from './TracedFigure'
import { CpvPicker, ProclassPicker, SpendCodesPicker } from './TaxonomyPicker'

export function CategoryInspector({ categoryId }: { categoryId: string | null }) {
  const planning = usePlanning()
  const view = planning.view
  if (!view) return <p className="pl-muted-small">Loading…</p>
  const category = view.categories.find((c) => c.id === categoryId)
  if (!category) {
    return (
      <div className="pl-empty">
        <p>Select a category card on the board to see and edit it here{view.categories.length > 0 ? ', or pick one:' : '.'}</p>
        <ul className="pl-pick-list">
          {view.categories.map((c) => (
            <li key={c.id}><button type="button" className="pl-link-button" onClick={() => planning.openPanel('category', c.id)}>{c.name}</button> <span className="pl-muted-small">{formatMoney(c.pooledSpend.value)}</span></li>
          ))}
        </ul>
      </div>
    )
  }
  return <Inspector key={category.id} category={category} />
}

/** What the category's spend link is: its own codes, its ProClass code standing in for them, or nothing yet. */
function spendCodesNote(category: CategoryView): string {
  if (category.listedSpendCodes.length > 0) return 'Each body’s figure comes from its spend data under these codes or prefixes.'
  if (category.proclassCode !== null) return `Spend data uses this category’s ProClass code ${category.proclassCode}; add more codes or prefixes.`
  return 'Not linked to spend data: set the ProClass code above, or add codes or prefixes.'
}

/** Adding to a link that was the ProClass code alone keeps that code (the list then replaces it). */
function withOwnCode(category: CategoryView, codes: string[]): string[] {
  const own = category.proclassCode
  if (category.listedSpendCodes.length > 0 || own === null || codes.length === 0 || codes.includes(own)) return codes
  return [own, ...codes]
}

function Inspector({ category }: { category: CategoryView }) {
  const planning = usePlanning()
  const doc = planning.boardDoc
  const disabled = !planning.canEditBoard || !doc
  const write = <F extends Parameters<typeof updateCategoryField>[2]>(field: F, value: Parameters<typeof updateCategoryField<F>>[3]): WriteOutcome =>
    doc ? updateCategoryField(doc, category.id, field, value) : { ok: false, error: { message: 'Not connected.' } }
  const hasCard = planning.editor?.getCurrentPageShapes().some((s) => s.type === CATEGORY_CARD && (s.props as { categoryId: string }).categoryId === category.id) ?? true
  const placement = category.quadrants.placement
  const profitImpact = category.quadrants.profitImpact
  const unusedHand = describeUnusedHandScore(profitImpact)
  return (
    <div className="pl-inspector" data-testid="category-inspector" data-category-id={category.id}>
      <section className="pl-section">
        <Field label="Category name">{(id) => <CommitText id={id} value={category.name} disabled={disabled} onCommit={(v) => write('name', v)} />}</Field>
        <div className="pl-grid-2">
          <Field label="Status">
            {(id) => (
              <select id={id} className="text-input pl-input" value={category.status} disabled={disabled} onChange={(e) => write('status', e.target.value as CategoryStatus)}>
                {CATEGORY_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
              </select>
            )}
          </Field>
          <Field label="Category owner">{(id) => <CommitText id={id} value={category.owner} placeholder="Name and organisation" disabled={disabled} onCommit={(v) => write('owner', v)} />}</Field>
        </div>
        <Field label="ProClass code">{() => <ProclassPicker code={category.proclassCode} disabled={disabled} onChange={(code) => write('proclassCode', code)} />}</Field>
        <Field label="Spend data: ProClass codes or prefixes">
          {() => (
            <>
              <p className="pl-hint" data-testid="spend-codes-note">{spendCodesNote(category)}</p>
              <SpendCodesPicker codes={category.listedSpendCodes} disabled={disabled} onChange={(codes) => write('spendCodes', withOwnCode(category, codes))} />
            </>
          )}
        </Field>
        {category.spendCodes.length > 0 && (
          <button type="button" className="pl-link-button pl-muted-small" data-testid="open-pooled-spend" onClick={() => planning.openPanel('pooled', category.id)}>See each body’s spend from its data →</button>
        )}
        <Field label="CPV codes (optional)">{() => <CpvPicker codes={category.cpvCodes} disabled={disabled} onChange={(codes) => write('cpvCodes', codes)} />}</Field>
        {!hasCard && planning.editor && (
          <button type="button" className="button button-secondary button-small" onClick={() => planning.editor && placeCategoryCard(planning.editor, category.id)}>Place a card for it on the board</button>
        )}
      </section>

      <section className="pl-section" aria-labelledby="pl-scores-h">
        <h3 id="pl-scores-h">Kraljic scores</h3>
        <ScorePicker label="Supply risk" testId="score-supply-risk" value={category.scores.supplyRisk} questions={SUPPLY_RISK_QUESTIONS} disabled={disabled} onChange={(n) => write('supplyRisk', n)} />
        <ScorePicker label="Profit impact (hand score)" testId="score-profit-impact" value={category.scores.profitImpact} questions={PROFIT_IMPACT_QUESTIONS} disabled={disabled} onChange={(n) => write('profitImpact', n)} />
        <p className="pl-basis" data-testid="inspector-profit-impact" data-basis={profitImpact?.basis.kind ?? 'none'} data-score={profitImpact?.score ?? ''}>
          {profitImpact
            ? describeProfitImpact(profitImpact)
            : category.spendCodes.length > 0
              ? 'Profit impact not known yet: no body’s spend data has payments under these codes, and nothing is entered by hand. Import spend, enter it, or score it by hand.'
              : 'Profit impact not known yet: enter spend, or score it by hand until spend is entered.'}
        </p>
        {unusedHand && <p className="pl-muted-small" data-testid="inspector-unused-hand-score">{unusedHand}.</p>}
        <div className="pl-placement">
          {placement ? (
            <>
              <span>{placement.value.basis === 'spend' ? 'Pooled:' : 'Placed:'}</span>
              <TracedFigure figure={placement} label="Placement on the matrix">
                <span className="pl-quadrant" data-testid="inspector-quadrant" data-quadrant={placement.value.quadrant} style={{ background: QUADRANT_COLOURS[placement.value.quadrant].fill, color: QUADRANT_COLOURS[placement.value.quadrant].ink }}>
                  {QUADRANT_LABELS[placement.value.quadrant]}
                </span>
              </TracedFigure>
              <span className="pl-muted-small">supply risk {placement.value.supplyRisk}, profit impact {placement.value.profitImpact}</span>
            </>
          ) : (
            <span className="pl-muted-small">{category.quadrants.supplyRisk === null ? 'Score supply risk to place this category on the matrix.' : 'Enter spend or score profit impact to place this category on the matrix.'}</span>
          )}
          {category.quadrants.isChangedWhenPooled && <span className="pl-flag">Changes quadrant when pooled</span>}
        </div>
        {category.orgs.some((o) => o.alone) && (
          <ul className="pl-alone-list">
            {category.orgs.filter((o) => o.alone).map((o) => (
              <li key={o.org.id}>
                <span className="pl-dot" style={{ background: o.org.colour }} /> {o.org.shortName} alone: {o.alone ? QUADRANT_LABELS[o.alone.value.quadrant] : '—'}
              </li>
            ))}
          </ul>
        )}
      </section>

      <OrgSpendSection category={category} />
      <ContractsSection category={category} />
      {category.renewalGroups.length > 0 && (
        <section className="pl-section">
          <h3>Contracts ending together</h3>
          <ul className="pl-side-list">
            {category.renewalGroups.map((g, i) => (
              <li key={i}>
                {g.orgIds.map((o) => planning.orgInfo(o).shortName).join(', ')} end between {formatDate(g.earliestEnd.value)} and {formatDate(g.latestEnd.value)}.
                <strong> Start a joint procurement by {formatDate(g.latestStart.value)}</strong>
                <OverdueFlag date={g.latestStart.value} today={planning.view?.today ?? g.latestStart.value} /> ({g.leadTimeMonths} months’ lead time).
              </li>
            ))}
          </ul>
        </section>
      )}
      <SpecificationSection category={category} />
      <PlanSection category={category} />
    </div>
  )
}
