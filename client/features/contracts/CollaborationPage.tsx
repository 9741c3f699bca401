/**
 * `/collaboration`: the opportunity finder across the organisations of this Pooled (issue 12). Pairs of bodies are
 * ranked by contracts in the same category ending within a window of each other, suppliers they share, buying
 * together before and combined value; every reason is shown with the contracts behind it, and one click opens a board
 * with both bodies invited. Groups of three or more bodies, and every procurement bought together before with its
 * evidence, are listed below.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import type { CollaborationPair } from '../../../shared/schema/contracts-api'
import { describeError } from '../../api/client'
import { getCollaborationPairs, listJointProcurements, openOpportunityBoard, type CollaborationPairs, type JointProcurement } from '../../api/contracts'
import { AppHeader } from '../../app/AppHeader'
import { Link } from '../../app/Link'
import { boardHref, CONTRACTS_HREF, FORWARD_PLAN_HREF, navigate } from '../../app/router'
import { formatDate, todayIso } from '../../ui/format'
import { useSession } from '../auth/session'
import { plural } from '../spend/spend-format'
import { withCategoryToPlace } from './seeded-category'
import { formatScore, formatValue, highlightParts, JOINT_EVIDENCE_LABELS, joinNames, NOTICE_FIELD_LABELS, opportunityBoardTitle, opportunityCpvGroup } from './contracts-format'
import '../spend/spend.css'
import './contracts.css'

export const DEFAULT_WINDOW_MONTHS = 18
const PAIR_PAGE_SIZE = 10
const MAX_WINDOW_MONTHS = 120

type Load<T> = { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; message: string }

export function CollaborationPage() {
  const session = useSession()
  const me = session.status === 'signed-in' ? session.organisation : null
  const [onlyMine, setOnlyMine] = useState(false)
  const [windowMonths, setWindowMonths] = useState(DEFAULT_WINDOW_MONTHS)
  const [pairs, setPairs] = useState<Load<CollaborationPairs>>({ kind: 'loading' })
  const [joint, setJoint] = useState<Load<JointProcurement[]>>({ kind: 'loading' })

  const loadPairs = useCallback((months: number, signal?: AbortSignal) => {
    setPairs({ kind: 'loading' })
    getCollaborationPairs(months, signal).then(
      (data) => setPairs({ kind: 'ready', data }),
      (error: unknown) => !signal?.aborted && setPairs({ kind: 'error', message: describeError(error) }),
    )
  }, [])
  const loadJoint = useCallback((signal?: AbortSignal) => {
    listJointProcurements(signal).then(
      (data) => setJoint({ kind: 'ready', data: data.procurements }),
      (error: unknown) => !signal?.aborted && setJoint({ kind: 'error', message: describeError(error) }),
    )
  }, [])

  useEffect(() => {
    document.title = 'Collaboration · Pooled'
  }, [])
  useEffect(() => {
    const controller = new AbortController()
    loadPairs(windowMonths, controller.signal)
    return () => controller.abort()
  }, [loadPairs, windowMonths])
  useEffect(() => {
    const controller = new AbortController()
    loadJoint(controller.signal)
    return () => controller.abort()
  }, [loadJoint])

  return (
    <div className="page">
      <AppHeader>
        <Link href={FORWARD_PLAN_HREF} className="button button-secondary button-small">Forward plan</Link>
        <Link href={CONTRACTS_HREF} className="button button-secondary button-small">Contracts</Link>
        <Link href="/" className="button button-secondary button-small">Boards</Link>
      </AppHeader>
      <main className="content sd-content" data-testid="collaboration-page">
        <div className="page-heading">
          <h1>Collaboration</h1>
          <p className="muted">
            Which bodies could buy together next, and why. Pooled compares the contracts every organisation here has imported: contracts for the same kind of
            thing that end within {windowMonths} months of each other, suppliers they share, what they have bought together before, and how much the contracts
            are worth together. Each figure comes from published contract notices; open a body’s <Link href={CONTRACTS_HREF}>Contracts</Link> page to check them.
          </p>
        </div>
        <WindowControl value={windowMonths} onChange={setWindowMonths} orgName={me?.name ?? null} onlyMine={onlyMine} onOnlyMine={setOnlyMine} />
        <section aria-labelledby="ct-pairs-heading" data-testid="pairs-section" data-window={pairs.kind === 'ready' ? pairs.data.windowMonths : undefined}>
          <h2 id="ct-pairs-heading" className="section-title">Best pairs of bodies</h2>
          {pairs.kind === 'loading' && <p className="muted" role="status">Comparing contracts…</p>}
          {pairs.kind === 'error' && (
            <div className="notice notice-error" role="alert">
              <span>Could not compare contracts: {pairs.message}</span>
              <button type="button" className="button button-secondary button-small" onClick={() => loadPairs(windowMonths)}>Try again</button>
            </div>
          )}
          {pairs.kind === 'ready' && <PairList pairs={onlyMine && me ? pairs.data.pairs.filter((p) => p.orgIds.includes(me.id)) : pairs.data.pairs} windowMonths={pairs.data.windowMonths} myOrgId={me?.id ?? null} />}
        </section>
        {pairs.kind === 'ready' && pairs.data.groups.length > 0 && <GroupList groups={pairs.data.groups} windowMonths={pairs.data.windowMonths} myOrgId={me?.id ?? null} />}
        <section aria-labelledby="ct-joint-heading" data-testid="joint-history">
          <h2 id="ct-joint-heading" className="section-title">Bought together before</h2>
          <p className="muted sd-paragraph">
            Procurements where two or more public bodies bought together: named as buyers together, one buying on behalf of others it names, or the same notice
            published by each. Framework call-offs, “open for use by other authorities” clauses and private co-funding are not counted. The words that show it are quoted.
          </p>
          {joint.kind === 'loading' && <p className="muted" role="status">Loading…</p>}
          {joint.kind === 'error' && (
            <div className="notice notice-error" role="alert">
              <span>Could not load the joint procurements: {joint.message}</span>
              <button type="button" className="button button-secondary button-small" onClick={() => loadJoint()}>Try again</button>
            </div>
          )}
          {joint.kind === 'ready' && <JointList procurements={joint.data} />}
        </section>
      </main>
    </div>
  )
}

function WindowControl({ value, onChange, orgName, onlyMine, onOnlyMine }: { value: number; onChange(months: number): void; orgName: string | null; onlyMine: boolean; onOnlyMine(only: boolean): void }) {
  const [text, setText] = useState(String(value))
  const [error, setError] = useState<string | null>(null)
  const inputId = useId()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const months = Number(text.trim())
    if (!/^\d{1,3}$/.test(text.trim()) || months < 1 || months > MAX_WINDOW_MONTHS) {
      setError(`Enter a whole number of months from 1 to ${MAX_WINDOW_MONTHS}, for example 18.`)
      return
    }
    setError(null)
    onChange(months)
  }
  return (
    <form className="card ct-controls" onSubmit={submit} aria-label="How close together contracts must end">
      <div>
        <label className="field-label" htmlFor={inputId}>Contracts ending within … months of each other</label>
        <div className="ct-inline">
          <input id={inputId} className="text-input ct-months" inputMode="numeric" size={4} value={text} aria-invalid={error !== null} aria-describedby={error ? `${inputId}-error` : undefined} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="button button-secondary">Compare</button>
        </div>
      </div>
      {orgName && (
        <label className="ct-toggle">
          <input type="checkbox" checked={onlyMine} onChange={(e) => onOnlyMine(e.target.checked)} />
          <span>Only pairs with {orgName}</span>
        </label>
      )}
      <p className="muted sd-small">18 months is about the time a joint procurement takes from first talk to a new contract.</p>
      {error && <p id={`${inputId}-error`} className="field-error" role="alert">{error}</p>}
    </form>
  )
}

function PairList({ pairs, windowMonths, myOrgId }: { pairs: readonly CollaborationPair[]; windowMonths: number; myOrgId: string | null }) {
  const [limit, setLimit] = useState(PAIR_PAGE_SIZE)
  if (pairs.length === 0) {
    return (
      <div className="empty-state" data-testid="pairs-empty">
        <p><strong>No pairs to suggest yet.</strong></p>
        <p className="muted">
          Pairs appear when two or more organisations on Pooled have imported their contracts and have contracts for the same kind of thing ending within {windowMonths} months
          of each other, share suppliers, or have bought together before. Import yours on the <Link href={CONTRACTS_HREF}>Contracts</Link> page, or try a longer window.
        </p>
      </div>
    )
  }
  return (
    <>
      <ol className="ct-pairs" data-testid="pairs">
        {pairs.slice(0, limit).map((pair, i) => <PairCard key={pair.orgIds.join('+')} pair={pair} rank={i + 1} canOpen={myOrgId !== null && pair.orgIds.includes(myOrgId)} />)}
      </ol>
      {pairs.length > limit && (
        <button type="button" className="button button-secondary button-small sd-more" onClick={() => setLimit((n) => n + PAIR_PAGE_SIZE)}>
          Show more pairs ({pairs.length - limit} not shown)
        </button>
      )}
    </>
  )
}

function PairCard({ pair, rank, canOpen }: { pair: CollaborationPair; rank: number; canOpen: boolean }) {
  const today = todayIso()
  const [isOpening, setIsOpening] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const headingId = useId()
  const open = async () => {
    setIsOpening(true)
    setError(null)
    try {
      const cpvGroup = opportunityCpvGroup(pair)
      const opened = await openOpportunityBoard({ orgIds: [...pair.orgIds], title: opportunityBoardTitle(pair), ...(cpvGroup ? { cpvGroup } : {}) })
      navigate(withCategoryToPlace(boardHref(opened.boardId), opened.categoryId))
    } catch (err) {
      setError(describeError(err))
      setIsOpening(false)
    }
  }
  const reasons = [...pair.reasons].sort((a, b) => b.points - a.points)
  return (
    <li className="card ct-pair" data-testid="pair" data-org-ids={pair.orgIds.join(',')} data-score={pair.score} aria-labelledby={headingId}>
      <div className="ct-pair-head">
        <span className="ct-rank" aria-label={`Rank ${rank}`}>{rank}</span>
        <h3 id={headingId} className="ct-pair-names">{joinNames(pair.names)}</h3>
        <span className="ct-score" title="The sum of the points of the reasons below">Score {formatScore(pair.score)}</span>
      </div>
      <h4 className="sd-visually-hidden">Why</h4>
      <ul className="ct-reasons" data-testid="pair-reasons">
        {reasons.map((r, i) => (
          <li key={`${r.kind}-${i}`} data-kind={r.kind}>
            {r.text.charAt(0).toUpperCase()}{r.text.slice(1)}
            <span className="ct-points">+{formatScore(r.points)} points</span>
          </li>
        ))}
      </ul>
      {pair.alignedContracts.length > 0 && (
        <details className="ct-aligned" open={rank <= 3}>
          <summary>Contracts ending together: {plural(pair.alignedContracts.length, 'category', 'categories')}, {plural(pair.alignedContracts.reduce((n, a) => n + a.titles.length, 0), 'contract')}</summary>
          {pair.alignedContracts.map((a) => <AlignedGroup key={`${a.cpvGroup}-${a.contractIds.join('+')}`} aligned={a} today={today} />)}
        </details>
      )}
      <dl className="ct-facts">
        {pair.sharedSuppliers.length > 0 && (
          <>
            <dt>Suppliers they share</dt>
            <dd>{pair.sharedSuppliers.join(', ')}</dd>
          </>
        )}
        {pair.jointProcurements.length > 0 && (
          <>
            <dt>Bought together before</dt>
            <dd>
              <ul className="ct-inline-list">
                {pair.jointProcurements.map((j) => <li key={j.noticeIds.join('+')}>{j.title}</li>)}
              </ul>
            </dd>
          </>
        )}
        <dt>Combined value</dt>
        <dd>{formatValue(pair.combinedValuePence)} <span className="muted sd-small">(the published values of the contracts above, added)</span></dd>
      </dl>
      <div className="ct-pair-actions">
        {canOpen ? (
          <>
            <button type="button" className="button button-primary" disabled={isOpening} onClick={() => void open()} aria-label={`Open a board for ${joinNames(pair.names)}`}>
              {isOpening ? 'Opening a board…' : 'Open a board for this'}
            </button>
            <span className="muted sd-small">Both organisations are invited to the new board, as editors.</span>
          </>
        ) : (
          <span className="muted sd-small">Only {joinNames(pair.names)} can open a board for this pair.</span>
        )}
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </li>
  )
}

/** One category's contracts ending together: each title with its end, the latest start and the combined value. */
function AlignedGroup({ aligned, today }: { aligned: CollaborationPair['alignedContracts'][number]; today: string }) {
  const isLate = aligned.latestStart < today
  return (
    <div className="ct-aligned-group" data-testid="aligned-contracts">
      <p className="ct-aligned-head">
        <strong>{aligned.cpvGroupLabel}</strong> <span className="muted">(CPV {aligned.cpvGroup})</span> · start a joint procurement by{' '}
        <strong className={isLate ? 'ct-overdue' : undefined}>{formatDate(aligned.latestStart)}</strong>
        {isLate && <span className="ct-overdue"> (passed: a contract would need extending)</span>} · together worth {formatValue(aligned.combinedValuePence)}
      </p>
      <table className="sd-table ct-aligned-table" aria-label={`${aligned.cpvGroupLabel}: contracts ending together`}>
        <thead>
          <tr>
            <th scope="col">Contract</th>
            <th scope="col">Ends</th>
          </tr>
        </thead>
        <tbody>
          {aligned.titles.map((t, i) => (
            <tr key={aligned.contractIds[i] ?? i}>
              <td>{t}</td>
              <td className="ct-date">{aligned.ends[i] ? formatDate(aligned.ends[i]) : 'not known'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function GroupList({ groups, windowMonths, myOrgId }: { groups: CollaborationPairs['groups']; windowMonths: number; myOrgId: string | null }) {
  const [limit, setLimit] = useState(PAIR_PAGE_SIZE)
  const today = todayIso()
  return (
    <section aria-labelledby="ct-groups-heading" data-testid="groups">
      <h2 id="ct-groups-heading" className="section-title">Groups of three or more bodies</h2>
      <p className="muted sd-paragraph">Three or more bodies with contracts of the same kind ending within {windowMonths} months of each other.</p>
      <ul className="org-list">
        {groups.slice(0, limit).map((g) => (
          <li key={`${g.cpvGroup}-${g.orgIds.join('+')}`} className="org-row" data-testid="group">
            <div className="org-row-main">
              <span className="org-row-name"><strong>{g.cpvGroupLabel}</strong> <span className="muted">(CPV {g.cpvGroup})</span></span>
              <span className="muted org-row-sub">{joinNames(g.names)} · {plural(g.contractIds.length, 'contract')}</span>
              <span className="muted org-row-sub">
                Start by <span className={g.latestStart < today ? 'ct-overdue' : undefined}>{formatDate(g.latestStart)}{g.latestStart < today ? ' (passed)' : ''}</span> · together worth {formatValue(g.combinedValuePence)}
              </span>
            </div>
            {myOrgId !== null && g.orgIds.includes(myOrgId) && <GroupBoardButton group={g} />}
          </li>
        ))}
      </ul>
      {groups.length > limit && (
        <button type="button" className="button button-secondary button-small sd-more" onClick={() => setLimit((n) => n + PAIR_PAGE_SIZE)}>
          Show more groups ({groups.length - limit} not shown)
        </button>
      )}
    </section>
  )
}

function GroupBoardButton({ group }: { group: CollaborationPairs['groups'][number] }) {
  const [isOpening, setIsOpening] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const open = async () => {
    setIsOpening(true)
    setError(null)
    try {
      const title = `Joint procurement: ${group.cpvGroupLabel} — ${joinNames(group.names)}`
      const opened = await openOpportunityBoard({ orgIds: [...group.orgIds], title: title.length <= 200 ? title : `${title.slice(0, 199)}…`, ...(/^\d{3}$/.test(group.cpvGroup) ? { cpvGroup: group.cpvGroup } : {}) })
      navigate(withCategoryToPlace(boardHref(opened.boardId), opened.categoryId))
    } catch (err) {
      setError(describeError(err))
      setIsOpening(false)
    }
  }
  return (
    <div className="org-row-actions">
      <button type="button" className="button button-secondary button-small" disabled={isOpening} onClick={() => void open()} aria-label={`Open a board for ${group.cpvGroupLabel} with ${joinNames(group.names)}`}>
        {isOpening ? 'Opening…' : 'Open a board'}
      </button>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  )
}

function JointList({ procurements }: { procurements: readonly JointProcurement[] }) {
  const [limit, setLimit] = useState(20)
  if (procurements.length === 0) {
    return (
      <div className="empty-state">
        <p><strong>No joint procurements found yet.</strong></p>
        <p className="muted">They appear when imported notices show two or more public bodies buying together. Import your notices on the <Link href={CONTRACTS_HREF}>Contracts</Link> page.</p>
      </div>
    )
  }
  return (
    <>
      <ul className="org-list" data-testid="joint-list">
        {procurements.slice(0, limit).map((p) => (
          <li key={p.noticeIds.join('+')} className="org-row" data-testid="joint-procurement">
            <div className="org-row-main">
              <span className="org-row-name">{p.title}</span>
              <span className="ct-chips" aria-label="Bodies">
                {p.bodies.map((b, i) => <span key={b} className={`ct-chip${p.bodyOrgIds[i] ? '' : ' ct-chip-plain'}`} title={p.bodyOrgIds[i] ? 'On Pooled' : 'Not on Pooled'}>{b}</span>)}
              </span>
              <ul className="ct-evidence" aria-label="Evidence">
                {p.evidence.map((e, i) => (
                  <li key={`${e.kind}-${i}`}>
                    <span className="ct-field">{NOTICE_FIELD_LABELS[e.field]}</span> · {JOINT_EVIDENCE_LABELS[e.kind]}
                    <blockquote>
                      “{highlightParts(e.quote, p.bodies).map((part, j) => (part.isMatch ? <mark key={j}>{part.text}</mark> : <span key={j}>{part.text}</span>))}”
                    </blockquote>
                  </li>
                ))}
              </ul>
              <span className="muted org-row-sub">Notice {p.noticeIds.join(', ')}</span>
            </div>
          </li>
        ))}
      </ul>
      {procurements.length > limit && (
        <button type="button" className="button button-secondary button-small sd-more" onClick={() => setLimit((n) => n + 20)}>
          Show more ({procurements.length - limit} not shown)
        </button>
      )}
    </>
  )
}
