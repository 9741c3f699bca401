/**
 * "Import spend file" for my organisation: pick a published spend CSV (as councils publish them: any encoding, odd
 * headers), see what was read (lines, total, rows that could not be read with their line numbers), choose this
 * category's lines by ProClass code, by words or all of them (starting from a filter that works for the file, and
 * saying what it matched and why), and use their total, suppliers and largest suppliers as our entry, keeping the
 * line ids so the figure stays traceable to the file. Workbooks are refused with what to do instead.
 */
import { useId, useState } from 'react'
import type { CategoryView } from '../../../shared/doc/planning-view'
import type { SpendLineId } from '../../../shared/domain/ids'
import type { Pence } from '../../../shared/domain/money'
import { checkSpendFileFormat, decodeSpendFile, parseSpendCsv, type SpendImport as Parsed } from '../../../shared/domain/spend-import'
import { formatMoney } from '../../ui/format'
import { usePlanning } from './PlanningContext'
import { categoryKeywords, defaultFilter, explainSelection, hasProclassCodes, importedSpendOf, selectLines, sourceIdFromFileName, totalOf, type ImportedSpend, type LineFilter } from './spend-import-filter'

const MAX_FILE_BYTES = 50 * 1024 * 1024

export function SpendImport({ category, onUse }: { category: CategoryView; onUse(imported: ImportedSpend): void }) {
  const planning = usePlanning()
  const [isOpen, setIsOpen] = useState(false)
  const [file, setFile] = useState<{ name: string; sourceId: string; parsed: Parsed } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [filter, setFilter] = useState<LineFilter>({ kind: 'all' })
  const radioName = useId()

  if (!isOpen) {
    return (
      <div className="pl-actions">
        <button type="button" className="button button-secondary button-small" onClick={() => setIsOpen(true)}>Import spend file…</button>
        <span className="pl-muted-small">Use a published spend CSV to set this figure</span>
      </div>
    )
  }

  const read = async (picked: File) => {
    setError(null)
    setFile(null)
    if (picked.size > MAX_FILE_BYTES) return setError(`${picked.name} is ${Math.round(picked.size / 1048576)} MB; the limit is 50 MB.`)
    const bytes = new Uint8Array(await picked.arrayBuffer())
    const format = checkSpendFileFormat(picked.name, bytes)
    if (!format.ok) return setError(format.error.message)
    const { text } = decodeSpendFile(bytes)
    const sourceId = sourceIdFromFileName(picked.name)
    if (planning.myOrgId === null) return setError('Spend is imported for your own organisation, and you are not signed in to one.')
    const parsed = parseSpendCsv(text, { orgId: planning.myOrgId, sourceId })
    if (!parsed.ok) return setError(`${picked.name} could not be read: ${parsed.error.message}.`)
    setFile({ name: picked.name, sourceId, parsed: parsed.value })
    setFilter(defaultFilter(parsed.value.lines, category))
  }

  const selection = file ? selectLines(file.parsed.lines, filter) : null
  return (
    <div className="pl-import" data-testid="spend-import">
      <div className="pl-import-head">
        <strong>Import spend file</strong>
        <button type="button" className="pl-link-button" onClick={() => setIsOpen(false)}>Close</button>
      </div>
      <input type="file" accept=".csv,text/csv,.xlsx,.xls,.ods" aria-label="Spend file (CSV)" onChange={(e) => { const f = e.target.files?.[0]; if (f) void read(f) }} />
      {error && <p className="field-error pl-error" role="alert">{error}</p>}
      {file && (
        <>
          <p className="pl-import-summary" role="status">
            <strong>{file.name}</strong>: {file.parsed.lines.length.toLocaleString('en-GB')} lines read, total {formatMoney(totalOf(file.parsed.lines))}
            {file.parsed.recovered.length > 0 && `, ${file.parsed.recovered.length} repaired`}
            {file.parsed.skipped.length > 0 && `, ${file.parsed.skipped.length} footer or junk rows left out`}.
          </p>
          {file.parsed.errors.length > 0 && (
            <details className="pl-import-errors" open={file.parsed.errors.length <= 5}>
              <summary>{file.parsed.errors.length} rows could not be read</summary>
              <ul>
                {file.parsed.errors.slice(0, 50).map((e) => (
                  <li key={`${e.line}-${e.code}`}>Line {e.line}: {e.reason}</li>
                ))}
                {file.parsed.errors.length > 50 && <li>…and {file.parsed.errors.length - 50} more</li>}
              </ul>
            </details>
          )}
          <fieldset className="pl-import-filter">
            <legend>Which lines belong to {category.name}?</legend>
            <label>
              <input type="radio" name={radioName} checked={filter.kind === 'proclass'} disabled={!hasProclassCodes(file.parsed.lines)} onChange={() => setFilter({ kind: 'proclass', code: category.proclassCode ?? '' })} /> ProClass code starts with
              <input className="text-input pl-input pl-input-short" aria-label="ProClass code starts with" value={filter.kind === 'proclass' ? filter.code : ''} disabled={filter.kind !== 'proclass'} onChange={(e) => setFilter({ kind: 'proclass', code: e.target.value })} />
            </label>
            <label>
              <input type="radio" name={radioName} checked={filter.kind === 'words'} onChange={() => setFilter({ kind: 'words', text: categoryKeywords(category.name), isFromCategoryName: true })} /> Supplier or description contains any of
              <input className="text-input pl-input" aria-label="Supplier or description contains any of" value={filter.kind === 'words' ? filter.text : ''} disabled={filter.kind !== 'words'} placeholder="e.g. tyre" onChange={(e) => setFilter({ kind: 'words', text: e.target.value })} />
            </label>
            <label>
              <input type="radio" name={radioName} checked={filter.kind === 'all'} onChange={() => setFilter({ kind: 'all' })} /> All {file.parsed.lines.length.toLocaleString('en-GB')} lines in the file
            </label>
          </fieldset>
          {selection && <p className="pl-import-why" data-testid="import-filter-explanation">{explainSelection(file.parsed.lines, filter, selection)}</p>}
          {selection && (
            <div className="pl-import-selection">
              <p>
                <strong>{selection.lineCount.toLocaleString('en-GB')}</strong> line{selection.lineCount === 1 ? '' : 's'}, {selection.supplierCount} supplier{selection.supplierCount === 1 ? '' : 's'}, total <strong>{formatMoney(selection.total)}</strong>
                {selection.withheldLineCount > 0 && <span className="pl-muted-small"> ({selection.withheldLineCount.toLocaleString('en-GB')} lines with the supplier’s name withheld count in the total, not as suppliers)</span>}
              </p>
              {selection.topSuppliers.length > 0 && <p className="pl-muted-small">Largest: {selection.topSuppliers.map((s) => `${s.name} ${formatMoney(s.total)}`).join(' · ')}</p>}
              {selection.total < 0 && <p className="field-error pl-error">These lines add up to a credit; annual spend cannot be negative.</p>}
              <button type="button" className="button button-primary button-small" disabled={selection.lineCount === 0 || selection.total < 0} onClick={() => { onUse(importedSpendOf(selection)); setIsOpen(false) }}>
                Use {formatMoney(selection.total)} and these suppliers as our figures
              </button>
            </div>
          )}
        </>
      )}
    </div>
  )
}
