/**
 * `/org/contracts`: the organisation's contracts (issue 12). Members upload the contract notices or register their
 * organisation publishes, see the contracts they make (supplier, value, start and end, with the basis of every
 * estimated end), mark their own as confidential, and confirm which buyer names are theirs.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ContractFileSummary, ContractImportJob, ContractRow } from '../../../shared/schema/contracts-api'
import { describeError } from '../../api/client'
import { listContractFiles, listOrgContracts } from '../../api/contracts'
import { AppHeader } from '../../app/AppHeader'
import { Link } from '../../app/Link'
import { COLLABORATION_HREF, FORWARD_PLAN_HREF } from '../../app/router'
import { useSession } from '../auth/session'
import { BuyerNames } from './BuyerNames'
import { ContractFiles } from './ContractFiles'
import { ContractsTable } from './ContractsTable'
import { ContractUploads } from './ContractUploads'
import '../orgs/orgs.css'
import '../spend/spend.css'
import './contracts.css'

type LoadState = { kind: 'loading' } | { kind: 'ready'; contracts: ContractRow[]; files: ContractFileSummary[] } | { kind: 'error'; message: string }

export function ContractsPage() {
  const session = useSession()
  const orgId = session.status === 'signed-in' ? session.organisation.id : null
  const orgName = session.status === 'signed-in' ? session.organisation.name : ''
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' })
  const [reloadKey, setReloadKey] = useState(0)

  const reload = useCallback(
    (signal?: AbortSignal) => {
      if (!orgId) return
      Promise.all([listOrgContracts(orgId, signal), listContractFiles(orgId, signal)]).then(
        ([contracts, files]) => setLoad({ kind: 'ready', contracts, files }),
        (error: unknown) => {
          if (!signal?.aborted) setLoad({ kind: 'error', message: describeError(error) })
        },
      )
    },
    [orgId],
  )

  useEffect(() => {
    document.title = 'Contracts · Pooled'
    const controller = new AbortController()
    reload(controller.signal)
    return () => controller.abort()
  }, [reload])

  const changed = useCallback(() => {
    reload()
    setReloadKey((n) => n + 1)
  }, [reload])
  const onImported = useCallback((job: ContractImportJob) => {
    if (!job.result?.duplicateOf) changed()
  }, [changed])
  const replaceRow = useCallback((row: ContractRow) => {
    setLoad((prev) => (prev.kind === 'ready' ? { ...prev, contracts: prev.contracts.map((c) => (c.id === row.id ? row : c)) } : prev))
  }, [])
  const fileNames = useMemo(() => new Map<string, string>(load.kind === 'ready' ? load.files.map((f) => [f.fileId, f.filename]) : []), [load])

  if (session.status !== 'signed-in' || !orgId) return null
  return (
    <div className="page">
      <AppHeader>
        <Link href={FORWARD_PLAN_HREF} className="button button-secondary button-small">Forward plan</Link>
        <Link href={COLLABORATION_HREF} className="button button-secondary button-small">Collaboration</Link>
        <Link href="/" className="button button-secondary button-small">Boards</Link>
      </AppHeader>
      <main className="content sd-content" data-testid="contracts-page">
        <div className="page-heading">
          <p className="sd-breadcrumb"><Link href="/org">{orgName}</Link> › Contracts</p>
          <h1>Contracts</h1>
          <p className="muted">
            The contracts {orgName} publishes: notices on Contracts Finder and the other portals, and your contract register. Pooled reads them once, works out
            when each contract ends, finds where you have bought together with other bodies, and feeds the <Link href={FORWARD_PLAN_HREF}>forward plan</Link> and
            the <Link href={COLLABORATION_HREF}>opportunity finder</Link>. Published notices are public data: everyone on Pooled sees them unless you mark a contract confidential.
          </p>
        </div>
        <ContractUploads orgId={orgId} fileNames={fileNames} onImported={onImported} />
        {load.kind === 'loading' && <p className="muted" role="status">Loading your contracts…</p>}
        {load.kind === 'error' && (
          <div className="notice notice-error" role="alert">
            <span>Could not load your contracts: {load.message}</span>
            <button type="button" className="button button-secondary button-small" onClick={() => reload()}>Try again</button>
          </div>
        )}
        {load.kind === 'ready' && (
          <section aria-labelledby="ct-files-heading">
            <h2 id="ct-files-heading" className="section-title">Your contract files</h2>
            <ContractFiles orgId={orgId} files={load.files} onRemoved={changed} />
          </section>
        )}
        {load.kind === 'ready' && <BuyerNames orgId={orgId} orgName={orgName} reloadKey={reloadKey} onAnswered={() => reload()} />}
        {load.kind === 'ready' && (
          <section className="card" aria-labelledby="ct-contracts-heading">
            <h2 id="ct-contracts-heading" className="card-title">Your contracts</h2>
            <ContractsTable orgId={orgId} orgName={orgName} contracts={load.contracts} onChanged={replaceRow} />
          </section>
        )}
      </main>
    </div>
  )
}
