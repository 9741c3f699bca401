/**
 * A figure that can show where it comes from: hover for a one-line summary, click to list every source (which
 * organisation's spend data and its period, which organisation entered it by hand, which imported spend lines,
 * which contracts, which stated assumptions). A rounded figure (an estimate shown as "about £220,000") passes its
 * `exact` working, shown in both.
 */
import { useState } from 'react'
import { describeDataSource, describeHandSource } from '../../../shared/doc/data-spend'
import { describeEndBasis, IMPORTED_ORIGIN_LABELS } from '../../../shared/doc/imported-contracts'
import type { PlanningView } from '../../../shared/doc/planning-view'
import { NOT_ENTERED } from '../../../shared/domain/current-contract'
import type { SourceRef, Traced } from '../../../shared/domain/traced'
import { sourceKey } from '../../../shared/domain/traced'
import { formatDate, formatMoney } from '../../ui/format'
import { usePlanning } from './PlanningContext'

const ASSUMPTION_LABELS: Record<string, string> = {
  'supply-risk-score': 'the supply risk score entered on the card',
  'profit-impact-thresholds': 'the board’s profit impact thresholds',
  'profit-impact-hand-score': 'the profit impact score picked by hand (no spend entered yet)',
}

/** Describes one source in words a category manager would use. */
export function describeSource(ref: SourceRef, view: PlanningView | null, orgName: (id: string) => string): string {
  switch (ref.kind) {
    case 'org-entry': {
      const category = view?.categories.find((c) => c.id === ref.categoryId)
      return `${describeHandSource(orgName(ref.orgId))} for ${category?.name ?? 'this category'}`
    }
    case 'spend-data':
      return describeDataSource(orgName(ref.orgId), ref.periodLabel, ref.transactions)
    case 'spend-line': {
      const [file, line] = [ref.lineId.slice(0, ref.lineId.lastIndexOf(':')), ref.lineId.slice(ref.lineId.lastIndexOf(':') + 1)]
      return `spend file ${file}, line ${line}`
    }
    case 'contract': {
      const contract = view?.categories.flatMap((c) => c.contracts).find((k) => k.id === ref.contractId)
      const imported = contract ? undefined : view?.categories.flatMap((c) => c.importedContracts).find((k) => k.contractId === ref.contractId)
      if (imported) {
        const end = imported.end === null ? `end ${NOT_ENTERED}` : `ends ${formatDate(imported.end)}, ${describeEndBasis(imported)}`
        return `${orgName(imported.orgId)} contract with ${imported.supplier || `supplier ${NOT_ENTERED}`} ${IMPORTED_ORIGIN_LABELS[imported.origin]} (${end}, ${imported.valuePence === null ? `value ${NOT_ENTERED}` : formatMoney(imported.valuePence)})`
      }
      if (!contract) return `contract ${ref.contractId}`
      const supplier = contract.supplier === '' ? `supplier ${NOT_ENTERED}` : `contract with ${contract.supplier}`
      return `${orgName(contract.orgId)} ${supplier} (ends ${formatDate(contract.end)}, ${contract.value === undefined ? `value ${NOT_ENTERED}` : formatMoney(contract.value)})`
    }
    case 'assumption':
      return ASSUMPTION_LABELS[ref.name] ?? `assumption: ${ref.name.replace(/-/g, ' ')}`
  }
}

/** Groups spend lines so a figure built from 2,000 lines does not list them all. */
function summarise(sources: readonly SourceRef[], view: PlanningView | null, orgName: (id: string) => string): string[] {
  const lines = sources.filter((s) => s.kind === 'spend-line')
  const others = sources.filter((s) => s.kind !== 'spend-line').map((s) => describeSource(s, view, orgName))
  if (lines.length === 0) return others
  if (lines.length <= 5) return [...others, ...lines.map((s) => describeSource(s, view, orgName))]
  return [...others, `${lines.length} imported spend lines (${lines.slice(0, 3).map((s) => describeSource(s, view, orgName).replace('spend file ', '')).join('; ')}; …)`]
}

export function TracedFigure({ figure, children, label, exact }: { figure: Traced<unknown>; children: React.ReactNode; label: string; exact?: string }) {
  const planning = usePlanning()
  const [isOpen, setIsOpen] = useState(false)
  const orgName = (id: string) => planning.orgInfo(id).shortName
  const items = summarise(figure.sources, planning.view, orgName)
  const said = items.map((t) => (t.startsWith('from ') || t.startsWith('entered by hand') ? t : `from ${t}`)).join('; ')
  const summary = `${exact ? `Exactly ${exact}. ` : ''}${items.length === 0 ? 'No sources: nothing entered yet.' : `${said.charAt(0).toUpperCase()}${said.slice(1)}`}`
  return (
    <span className="pl-traced">
      <button type="button" className="pl-traced-value" title={summary} aria-expanded={isOpen} aria-label={`${label}: show sources`} onClick={() => setIsOpen((v) => !v)}>
        {children}
      </button>
      {isOpen && (
        <span className="pl-sources" role="note">
          {exact && <span data-testid="traced-exact">Exactly {exact}</span>}
          <strong>{label} comes from</strong>
          {items.length === 0 ? <span>nothing entered yet</span> : <ul>{items.map((t, i) => <li key={`${i}-${t}`}>{t}</li>)}</ul>}
          <button type="button" className="pl-link-button" onClick={() => setIsOpen(false)}>Close</button>
        </span>
      )}
    </span>
  )
}

export { sourceKey }
