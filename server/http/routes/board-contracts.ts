/**
 * A board's imported contracts (issue 12 part 3; docs/contracts-boards.md).
 * - `GET /api/boards/:boardId/contracts`: any board reader; for each category on the board and each participating
 *   body, the body's imported contracts linked to the category with the reason. Confidential contracts only reach
 *   members of the organisations that imported them. A board the caller cannot read is 404 (existence not revealed).
 */
import { Hono } from 'hono'
import { BoardIdSchema } from '../../../shared/schema/api'
import type { BoardContracts } from '../../../shared/schema/board-contracts-api'
import { createBoardContractsService } from '../../contracts/board-contracts'
import { createBoardSpendService } from '../../spend/board-spend'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { requireBoardRole } from '../board-access'
import { parseWith } from '../validate'

/** Mount at `/api`. */
export function createBoardContractRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const contracts = deps.contracts
  if (!contracts) return app
  const spend = deps.spend ? createBoardSpendService({ db: deps.spend.db, storage: deps.storage }) : null
  const service = createBoardContractsService({ storage: deps.storage, db: contracts.db, service: contracts.service, spend })

  app.get('/boards/:boardId/contracts', async (c) => {
    const principal = requireUser(c)
    const id = parseWith(BoardIdSchema, c.req.param('boardId'), 'board id')
    const { board } = await requireBoardRole(deps.storage, principal, id, 'read')
    c.header('cache-control', 'private, no-store')
    return c.json((await service.build(board, principal.user.id)) satisfies BoardContracts)
  })

  return app
}
