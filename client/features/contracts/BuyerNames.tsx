/**
 * "Buyer names": the names notices give the buyer that match, or could match, this organisation. Suggested matches
 * are asked as a question ("Is 'CHORLEY BOROUGH COUNCIL' your organisation?" Yes / No); confirmed and rejected
 * answers can be changed. Answers decide whose contracts a notice's contracts are.
 */
import { useCallback, useEffect, useState } from 'react'
import { describeError } from '../../api/client'
import { answerBuyerMatch, listBuyerMatches, type BuyerMatch } from '../../api/contracts'
import { plural } from '../spend/spend-format'

type LoadState = { kind: 'loading' } | { kind: 'ready'; buyers: BuyerMatch[] } | { kind: 'error'; message: string }

export function BuyerNames({ orgId, orgName, reloadKey, onAnswered }: { orgId: string; orgName: string; reloadKey: number; onAnswered(): void }) {
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' })

  const reload = useCallback(
    (signal?: AbortSignal) => {
      listBuyerMatches(orgId, signal).then(
        (list) => setLoad({ kind: 'ready', buyers: list.buyers }),
        (error: unknown) => !signal?.aborted && setLoad({ kind: 'error', message: describeError(error) }),
      )
    },
    [orgId],
  )

  useEffect(() => {
    const controller = new AbortController()
    reload(controller.signal)
    return () => controller.abort()
  }, [reload, reloadKey])

  const answered = () => {
    reload()
    onAnswered()
  }

  const buyers = load.kind === 'ready' ? load.buyers : []
  // A name written exactly as the organisation's own (case and punctuation aside) needs no question: it is listed as
  // matched, with "Not us" for the rare namesake. Only other spellings ("Chorley Borough Council") are asked.
  const isOwnName = (b: BuyerMatch) => b.status === 'suggested' && b.reason.startsWith('the name of ')
  const suggested = buyers.filter((b) => b.status === 'suggested' && !isOwnName(b))
  const confirmed = buyers.filter((b) => b.status === 'confirmed' || isOwnName(b))
  const rejected = buyers.filter((b) => b.status === 'rejected')
  const unmatched = buyers.filter((b) => b.status === 'none')
  return (
    <section className="card" aria-labelledby="ct-buyers-heading" data-testid="buyer-names">
      <h2 id="ct-buyers-heading" className="card-title">Buyer names</h2>
      <p className="muted sd-paragraph">
        Notices name their buyer in many ways (“Chorley Borough Council”, “CHORLEY COUNCIL”). Pooled suggests which names are {orgName}; your answer decides whose
        contracts they are, for everyone on Pooled.
      </p>
      {load.kind === 'loading' && <p className="muted" role="status">Loading buyer names…</p>}
      {load.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <span>Could not load the buyer names: {load.message}</span>
          <button type="button" className="button button-secondary button-small" onClick={() => reload()}>Try again</button>
        </div>
      )}
      {load.kind === 'ready' && buyers.length === 0 && (
        <p className="muted">No buyer names yet. They appear once contract notices naming a buyer are imported, by you or a partner.</p>
      )}
      {suggested.length > 0 && (
        <>
          <h3 className="ct-subheading">To check ({suggested.length})</h3>
          <ul className="ct-buyer-list">
            {suggested.map((b) => <BuyerQuestion key={b.buyer} orgId={orgId} orgName={orgName} buyer={b} onAnswered={answered} />)}
          </ul>
        </>
      )}
      {confirmed.length > 0 && (
        <>
          <h3 className="ct-subheading">{orgName}, as named in notices</h3>
          <ul className="ct-buyer-list">
            {confirmed.map((b) => <BuyerAnswered key={b.buyer} orgId={orgId} buyer={b} onAnswered={answered} />)}
          </ul>
        </>
      )}
      {rejected.length > 0 && (
        <>
          <h3 className="ct-subheading">Not {orgName}</h3>
          <ul className="ct-buyer-list">
            {rejected.map((b) => <BuyerAnswered key={b.buyer} orgId={orgId} buyer={b} onAnswered={answered} />)}
          </ul>
        </>
      )}
      {unmatched.length > 0 && (
        <details className="ct-details">
          <summary>Other buyer names ({unmatched.length}) that Pooled did not match to you</summary>
          <ul className="ct-buyer-list">
            {unmatched.map((b) => <BuyerAnswered key={b.buyer} orgId={orgId} buyer={b} onAnswered={answered} />)}
          </ul>
        </details>
      )}
    </section>
  )
}

function useAnswer(orgId: string, buyer: string, onAnswered: () => void) {
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const answer = async (isThisOrg: boolean) => {
    setIsBusy(true)
    setError(null)
    try {
      await answerBuyerMatch(orgId, buyer, isThisOrg)
      onAnswered()
    } catch (err) {
      setError(describeError(err))
      setIsBusy(false)
    }
  }
  return { isBusy, error, answer }
}

function BuyerQuestion({ orgId, orgName, buyer, onAnswered }: { orgId: string; orgName: string; buyer: BuyerMatch; onAnswered(): void }) {
  const { isBusy, error, answer } = useAnswer(orgId, buyer.buyer, onAnswered)
  return (
    <li className="ct-buyer" data-buyer={buyer.buyer}>
      <div className="ct-buyer-main">
        <span>Is <strong>‘{buyer.buyer}’</strong> your organisation, {orgName}?</span>
        <span className="muted sd-small sd-block">
          Named as buyer in {plural(buyer.notices, 'notice')}{buyer.reason ? ` · ${buyer.reason}` : ''}
        </span>
      </div>
      <div className="ct-buyer-actions" role="group" aria-label={`Is ${buyer.buyer} ${orgName}?`}>
        <button type="button" className="button button-primary button-small" disabled={isBusy} onClick={() => void answer(true)}>Yes</button>
        <button type="button" className="button button-secondary button-small" disabled={isBusy} onClick={() => void answer(false)}>No</button>
      </div>
      {error && <p className="field-error row-error" role="alert">{error}</p>}
    </li>
  )
}

function BuyerAnswered({ orgId, buyer, onAnswered }: { orgId: string; buyer: BuyerMatch; onAnswered(): void }) {
  const { isBusy, error, answer } = useAnswer(orgId, buyer.buyer, onAnswered)
  const isUs = buyer.status === 'confirmed' || buyer.status === 'suggested'
  return (
    <li className="ct-buyer" data-buyer={buyer.buyer}>
      <div className="ct-buyer-main">
        <strong>{buyer.buyer}</strong>
        <span className="muted sd-small sd-block">
          {plural(buyer.notices, 'notice')}
          {buyer.status === 'none' && buyer.orgName ? ` · matched to ${buyer.orgName}` : ''}
          {buyer.reason ? ` · ${buyer.reason}` : ''}
        </span>
      </div>
      <div className="ct-buyer-actions">
        <button type="button" className="button button-secondary button-small" disabled={isBusy} onClick={() => void answer(!isUs)} aria-label={isUs ? `${buyer.buyer} is not us` : `${buyer.buyer} is us`}>
          {isUs ? 'Not us' : 'This is us'}
        </button>
      </div>
      {error && <p className="field-error row-error" role="alert">{error}</p>}
    </li>
  )
}
