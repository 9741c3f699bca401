/** Typed call for a board's imported contracts (shared/schema/board-contracts-api.ts). */
import { BoardContractsSchema, type BoardContracts } from '../../shared/schema/board-contracts-api'
import { requestJson } from './client'

/** Every participating body's imported contracts linked to each category on the board. */
export function getBoardContracts(boardId: string, signal?: AbortSignal): Promise<BoardContracts> {
  return requestJson(BoardContractsSchema, `/api/boards/${encodeURIComponent(boardId)}/contracts`, { signal })
}
