/**
 * First script of every page, a few hundred bytes: on a board page it opens the board's live connection while the
 * app itself is still loading (client/sync/early-sync.ts). It must stay this small; the app is client/main.tsx.
 */
import { config } from './config'
import { boardIdFromPath, boardSocketUrl, startEarlySync } from './sync/early-sync'

const boardId = boardIdFromPath(location.pathname)
if (boardId !== null && typeof WebSocket === 'function') {
  startEarlySync(boardSocketUrl(config.wsBase, boardId), { WebSocketImpl: WebSocket })
}
