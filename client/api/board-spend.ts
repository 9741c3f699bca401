/**
 * Typed calls for a board's pooled spend (shared/schema/board-spend-api.ts): the aggregates (polled with `since`),
 * one body's lines in a category, and an organisation's line-detail sharing with the board.
 */
import {
  BoardSpendLinesSchema,
  BoardSpendPollSchema,
  OrgLineSharingSchema,
  type BoardSpendLines,
  type BoardSpendPoll,
  type OrgLineSharing,
} from '../../shared/schema/board-spend-api'
import { requestJson } from './client'

const boardSpendPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}/spend`

/** The board's pooled spend, or `{ unchanged: true }` when nothing changed since `since`. */
export function getBoardSpend(boardId: string, since: string | null, signal?: AbortSignal): Promise<BoardSpendPoll> {
  const query = since === null ? '' : `?since=${encodeURIComponent(since)}`
  return requestJson(BoardSpendPollSchema, `${boardSpendPath(boardId)}${query}`, { signal })
}

/** One body's lines in one of the board's categories; 403 (`ApiError`) when that body does not share line detail. */
export function getBoardSpendLines(
  boardId: string,
  q: { categoryId: string; orgId: string; supplierKey?: string; limit?: number; offset?: number },
  signal?: AbortSignal,
): Promise<BoardSpendLines> {
  const params = new URLSearchParams({ categoryId: q.categoryId, orgId: q.orgId, limit: String(q.limit ?? 100), offset: String(q.offset ?? 0) })
  if (q.supplierKey !== undefined) params.set('supplierKey', q.supplierKey)
  return requestJson(BoardSpendLinesSchema, `${boardSpendPath(boardId)}/lines?${params.toString()}`, { signal })
}

/** Share (or stop sharing) my organisation's line detail with one board. */
export function setLineSharing(orgId: string, boardId: string, lineDetail: boolean): Promise<OrgLineSharing> {
  return requestJson(OrgLineSharingSchema, `/api/orgs/${encodeURIComponent(orgId)}/spend/sharing/${encodeURIComponent(boardId)}`, { method: 'PUT', body: { lineDetail } })
}
