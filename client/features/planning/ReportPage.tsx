/**
 * The printable category plan report (`/b/:id/report`): the server's Markdown report (built from the persisted
 * documents) shown as a calm, print-friendly page, with downloads of report.md and report.csv for sponsors and
 * spreadsheets. Print with the browser: the page's own buttons are hidden on paper.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { Link } from '../../app/Link'
import { MessagePage } from '../../app/MessagePage'
import { parseReportMarkdown, type Block, type Inline } from './report-markdown'
import { ApiError, describeError, getReportMarkdown, reportUrl } from '../../api/client'
import './planning.css'
import './report.css'

type State = { kind: 'loading' } | { kind: 'ready'; blocks: Block[] } | { kind: 'error'; message: string; status: number }

export function ReportPage({ boardId }: { boardId: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    getReportMarkdown(boardId, controller.signal)
      .then((text) => {
        setState({ kind: 'ready', blocks: parseReportMarkdown(text) })
        const title = /^#\s+(.*)$/m.exec(text)?.[1]
        document.title = `${title ? title.replace(/\\(.)/g, '$1') : 'Category plan report'} · Pooled`
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return
        const status = error instanceof ApiError ? error.status : 0
        setState({ kind: 'error', message: status === 404 ? 'This board does not exist, or you cannot read it.' : describeError(error), status })
      })
    return () => controller.abort()
  }, [boardId])

  if (state.kind === 'error') {
    return (
      <MessagePage title="The report could not be loaded" testId="report-error">
        <p>{state.message}</p>
      </MessagePage>
    )
  }
  return (
    <div className="report-page">
      <nav className="report-actions" aria-label="Report actions">
        <Link href={`/b/${encodeURIComponent(boardId)}`} className="button button-secondary button-small">← Back to the board</Link>
        <span className="report-actions-end">
          <a className="button button-secondary button-small" href={reportUrl(boardId, 'md')} download>Download report.md</a>
          <a className="button button-secondary button-small" href={reportUrl(boardId, 'csv')} download>Download report.csv</a>
          <button type="button" className="button button-primary button-small" onClick={() => window.print()}>Print</button>
        </span>
      </nav>
      <article className="report" data-testid="report">
        {state.kind === 'loading' ? <p role="status">Preparing the report…</p> : state.blocks.map((b, i) => <BlockView key={i} block={b} />)}
      </article>
    </div>
  )
}

function InlineView({ inlines }: { inlines: readonly Inline[] }): ReactNode {
  return inlines.map((x, i) => (x.kind === 'strong' ? <strong key={i}>{x.text}</strong> : x.kind === 'em' ? <em key={i} className="report-em">{x.text}</em> : <span key={i}>{x.text}</span>))
}

const isNumeric = (inlines: readonly Inline[]) => /^[-–]?£?[\d,.]+(%|k|m)?$|^–$/.test(inlines.map((x) => x.text).join('').trim())

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'heading': {
      const Tag = `h${Math.min(6, block.level)}` as 'h1'
      return <Tag><InlineView inlines={block.inlines} /></Tag>
    }
    case 'paragraph':
      return <p><InlineView inlines={block.inlines} /></p>
    case 'rule':
      return <hr />
    case 'list':
      return (
        <ul>
          {block.items.map((item, i) => (
            <li key={i} style={item.depth > 0 ? { marginLeft: item.depth * 20, listStyleType: 'circle' } : undefined}><InlineView inlines={item.inlines} /></li>
          ))}
        </ul>
      )
    case 'table':
      return (
        <div className="report-table-wrap">
          <table>
            <thead><tr>{block.header.map((h, i) => <th key={i}><InlineView inlines={h} /></th>)}</tr></thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>{row.map((c, i) => <td key={i} className={isNumeric(c) ? 'report-num' : undefined}><InlineView inlines={c} /></td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )
  }
}
