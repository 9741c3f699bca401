/** Boards REST resource: create, list, read, rename, delete. */
import { Hono } from 'hono'
import {
  BoardIdSchema,
  CreateBoardBodySchema,
  UpdateBoardBodySchema,
  type Board,
  type BoardList,
} from '../../../shared/schema/api'
import type { BoardRow } from '../../storage/types'
import { notFound } from '../errors'
import type { AppEnv, AppDeps } from '../app'
import { parseJsonBody, parseWith } from '../validate'

const toBoard = (row: BoardRow): Board => ({ id: row.id, title: row.title, createdAt: row.createdAt, updatedAt: row.updatedAt })

export function createBoardRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const rows = await deps.storage.boards.list()
    const body: BoardList = { boards: rows.map(toBoard) }
    return c.json(body)
  })

  app.post('/', async (c) => {
    const body = await parseJsonBody(c, CreateBoardBodySchema)
    const now = deps.now().toISOString()
    const row: BoardRow = { id: deps.newId(), title: body.title, createdAt: now, updatedAt: now }
    await deps.storage.boards.create(row)
    return c.json(toBoard(row), 201)
  })

  app.get('/:id', async (c) => {
    const id = parseWith(BoardIdSchema, c.req.param('id'), 'board id')
    const row = await deps.storage.boards.get(id)
    if (!row) throw notFound('board')
    return c.json(toBoard(row))
  })

  app.patch('/:id', async (c) => {
    const id = parseWith(BoardIdSchema, c.req.param('id'), 'board id')
    const body = await parseJsonBody(c, UpdateBoardBodySchema)
    const row = await deps.storage.boards.updateTitle(id, body.title, deps.now().toISOString())
    if (!row) throw notFound('board')
    return c.json(toBoard(row))
  })

  app.delete('/:id', async (c) => {
    const id = parseWith(BoardIdSchema, c.req.param('id'), 'board id')
    const deleted = await deps.storage.boards.delete(id)
    if (!deleted) throw notFound('board')
    // Close live sessions and let queued writes land before removing the documents, so nothing is left behind.
    await deps.onBoardDeleted(id)
    await deps.storage.docs.deletePrefix(id)
    return c.body(null, 204)
  })

  return app
}
