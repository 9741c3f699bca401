/**
 * Category plan reports: `GET /api/boards/:id/report.md` and `GET /api/boards/:id/report.csv`, generated from the
 * persisted board and organisation documents and, where the server keeps spend data, the bodies' figures from it
 * (the same aggregates `GET /api/boards/:boardId/spend` gives every board reader). Viewers and up may download; a
 * board the caller cannot read is 404, so its existence is not revealed. Where the server keeps contracts, the bodies'
 * imported contracts linked to the categories count too, as the caller may see them (`GET /api/boards/:id/contracts`).
 * Contracts an organisation entered on the board as confidential are in the report of its own members only.
 */
import { Hono, type Context } from 'hono'
import { dataSpendFromBoardSpend } from '../../../shared/doc/data-spend'
import { importedContractsFromBoard } from '../../../shared/doc/imported-contracts'
import { BoardIdSchema } from '../../../shared/schema/api'
import { createBoardContractsService } from '../../contracts/board-contracts'
import { loadBoardPlanningReport, reportFilename } from '../../reports/board-planning-report'
import { renderReportCsv } from '../../reports/report-csv'
import { renderReportMarkdown } from '../../reports/report-markdown'
import { createBoardSpendService } from '../../spend/board-spend'
import type { BoardRow } from '../../storage/types'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { requireBoardRole } from '../board-access'
import { parseWith } from '../validate'

/** `attachment` with an ASCII filename and its RFC 6266 / RFC 8187 `filename*` twin. */
function contentDisposition(filename: string): string {
  return `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** Mount under `/api/boards`. */
export function createReportRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const log = deps.log.child({ module: 'reports' })
  const spend = deps.spend ? createBoardSpendService({ db: deps.spend.db, storage: deps.storage }) : null
  const contracts = deps.contracts ? createBoardContractsService({ storage: deps.storage, db: deps.contracts.db, service: deps.contracts.service, spend }) : null

  const readableBoard = async (c: Context<AppEnv>): Promise<{ board: BoardRow; orgId: string; userId: string }> => {
    const principal = requireUser(c)
    const id = parseWith(BoardIdSchema, c.req.param('id'), 'board id')
    return { board: (await requireBoardRole(deps.storage, principal, id, 'read')).board, orgId: principal.user.orgId, userId: principal.user.id }
  }

  const build = async (c: Context<AppEnv>) => {
    const { board, orgId, userId } = await readableBoard(c)
    // Aggregates only (never lines): what every reader of the board already sees in its pooled spend.
    const dataSpend = spend ? dataSpendFromBoardSpend(await spend.build(board, orgId)) : new Map()
    const imported = contracts ? importedContractsFromBoard(await contracts.build(board, userId)) : new Map()
    // The caller's own organisation's confidential contracts are in it; no other organisation's ever are.
    const report = await loadBoardPlanningReport(deps.storage, board, deps.now(), dataSpend, imported, orgId)
    if (report.problems.length > 0) {
      // Ids and counts only: never document contents or figures.
      log.warn({ requestId: c.get('requestId'), boardId: board.id, problems: report.problems.length }, 'report: planning documents hold content that could not be used')
    }
    return report
  }

  const headers = (c: Context, type: string, filename: string) => {
    c.header('content-type', type)
    c.header('content-disposition', contentDisposition(filename))
    // Spend figures: keep them out of shared caches.
    c.header('cache-control', 'private, no-store')
    c.header('x-content-type-options', 'nosniff')
  }

  app.get('/:id/report.md', async (c) => {
    const report = await build(c)
    headers(c, 'text/markdown; charset=utf-8', reportFilename(report.board.title, report.generatedAt.slice(0, 10), 'md'))
    return c.body(renderReportMarkdown(report))
  })

  app.get('/:id/report.csv', async (c) => {
    const report = await build(c)
    headers(c, 'text/csv; charset=utf-8; header=present', reportFilename(report.board.title, report.generatedAt.slice(0, 10), 'csv'))
    return c.body(renderReportCsv(report))
  })

  return app
}
