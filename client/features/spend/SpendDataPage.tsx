/**
 * `/org/spend`: the organisation's spend data (issue 11). Members upload the spend files their organisation
 * publishes, see the dataset they make (total, period, suppliers, how much of it has a ProClass category, the files),
 * and check the categories: per supplier and with rules. Boards pool the figures across organisations.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ImportJob, OrgSpendDataset } from '../../../shared/schema/spend-api'
import { describeError } from '../../api/client'
import { getSpendDataset } from '../../api/spend'
import { AppHeader } from '../../app/AppHeader'
import { Link } from '../../app/Link'
import { useSession } from '../auth/session'
import { SpendFiles } from './SpendFiles'
import { SpendRules } from './SpendRules'
import { SpendSuppliers } from './SpendSuppliers'
import { SpendUploads } from './SpendUploads'
import { codedPercent, coverageShares, formatCount, formatSpend, plural } from './spend-format'
import '../orgs/orgs.css'
import './spend.css'

type LoadState = { kind: 'loading' } | { kind: 'ready'; dataset: OrgSpendDataset } | { kind: 'error'; message: string }

export function SpendDataPage() {
  const session = useSession()
  const orgId = session.status === 'signed-in' ? session.organisation.id : null
  const orgName = session.status === 'signed-in' ? session.organisation.name : ''
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' })
  // Bumped whenever the dataset changes, so the suppliers and rules are fetched again.
  const [reloadKey, setReloadKey] = useState(0)

  const reload = useCallback(
    (signal?: AbortSignal) => {
      if (!orgId) return
      getSpendDataset(orgId, signal).then(
        (dataset) => setLoad({ kind: 'ready', dataset }),
        (error: unknown) => {
          if (!signal?.aborted) setLoad({ kind: 'error', message: describeError(error) })
        },
      )
    },
    [orgId],
  )

  useEffect(() => {
    document.title = 'Spend data · Pooled'
    const controller = new AbortController()
    reload(controller.signal)
    return () => controller.abort()
  }, [reload])

  const datasetChanged = useCallback(() => {
    reload()
    setReloadKey((n) => n + 1)
  }, [reload])
  const onImported = useCallback(
    (job: ImportJob) => {
      if (!job.result?.duplicateOf) datasetChanged()
    },
    [datasetChanged],
  )
  const files = load.kind === 'ready' ? load.dataset.files : []
  const fileNames = useMemo(() => new Map(files.map((f) => [f.fileId, f.filename])), [files])

  if (session.status !== 'signed-in' || !orgId) return null
  return (
    <div className="page">
      <AppHeader>
        <Link href="/" className="button button-secondary button-small">Boards</Link>
      </AppHeader>
      <main className="content sd-content" data-testid="spend-data-page">
        <div className="page-heading">
          <p className="sd-breadcrumb"><Link href="/org">{orgName}</Link> › Spend data</p>
          <h1>Spend data</h1>
          <p className="muted">
            The spend {orgName} publishes, read once: Pooled totals it by supplier and by ProClass category, and your boards pool those totals with your partners’.
            Partners see totals for the categories on a shared board, never your individual payments.
          </p>
        </div>
        <SpendUploads orgId={orgId} fileNames={fileNames} onImported={onImported} />
        {load.kind === 'loading' && <p className="muted" role="status">Loading your spend data…</p>}
        {load.kind === 'error' && (
          <div className="notice notice-error" role="alert">
            <span>Could not load your spend data: {load.message}</span>
            <button type="button" className="button button-secondary button-small" onClick={() => reload()}>Try again</button>
          </div>
        )}
        {load.kind === 'ready' && (
          <>
            <DatasetSummary dataset={load.dataset} />
            <section aria-labelledby="sd-files-heading">
              <h2 id="sd-files-heading" className="section-title">Files in your dataset</h2>
              <SpendFiles orgId={orgId} files={load.dataset.files} onRemoved={datasetChanged} />
            </section>
            {load.dataset.files.length > 0 && (
              <>
                <SpendSuppliers orgId={orgId} reloadKey={reloadKey} periodLabel={load.dataset.periodLabel} onChanged={() => reload()} />
                <SpendRules orgId={orgId} reloadKey={reloadKey} onChanged={datasetChanged} />
              </>
            )}
          </>
        )}
      </main>
    </div>
  )
}

function DatasetSummary({ dataset }: { dataset: OrgSpendDataset }) {
  if (dataset.files.length === 0) return null
  const shares = coverageShares(dataset.classifiedPence)
  const coded = codedPercent(dataset.classifiedPence)
  const isAnnualised = dataset.annualisedPence !== dataset.totalPence
  return (
    <section className="card" aria-labelledby="sd-summary-heading" data-testid="spend-summary">
      <div className="sd-card-head">
        <h2 id="sd-summary-heading" className="card-title">Your dataset</h2>
        <span className="sd-period" data-testid="spend-period">{dataset.periodLabel}</span>
      </div>
      <dl className="sd-figures">
        <div>
          <dt>Total spend</dt>
          <dd data-testid="spend-total">{formatSpend(dataset.totalPence)}</dd>
          <dd className="muted sd-small">{dataset.periodLabel}</dd>
        </div>
        <div>
          <dt>A year’s spend</dt>
          <dd data-testid="spend-annualised">{formatSpend(dataset.annualisedPence)}</dd>
          <dd className="muted sd-small">{isAnnualised ? `scaled up from ${plural(dataset.period.months, 'month')} of data` : 'the files cover a whole year'}</dd>
        </div>
        <div>
          <dt>Payments</dt>
          <dd data-testid="spend-transactions">{formatCount(dataset.transactions)}</dd>
          <dd className="muted sd-small">in {plural(dataset.files.length, 'file')}</dd>
        </div>
        <div>
          <dt>Suppliers</dt>
          <dd data-testid="spend-suppliers">{formatCount(dataset.suppliers)}</dd>
          <dd className="muted sd-small">redacted payees not counted</dd>
        </div>
      </dl>
      {shares.length > 0 && (
        <div className="sd-coverage">
          <p className="sd-coverage-title">
            <strong>{coded} of spend has a ProClass category</strong>
          </p>
          <div className="sd-coverage-bar" role="img" aria-label={`Spend by how its category was set: ${shares.map((s) => `${s.label} ${s.percent}`).join(', ')}`}>
            {shares.filter((s) => s.bps > 0).map((s) => (
              <span key={s.key} className={`sd-coverage-part sd-cov-${s.key}`} style={{ width: `${s.bps / 100}%` }} title={`${s.label}: ${s.percent}, ${formatSpend(s.pence)}`} />
            ))}
          </div>
          <ul className="sd-coverage-legend">
            {shares.map((s) => (
              <li key={s.key} data-coverage={s.key}>
                <span className={`sd-swatch sd-cov-${s.key}`} aria-hidden="true" />
                <span>{s.label[0]?.toUpperCase()}{s.label.slice(1)}</span> <strong>{s.percent}</strong> <span className="muted">{formatSpend(s.pence)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
