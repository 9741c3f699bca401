/**
 * The authorisation seam of the websocket upgrade: who may open which document, who may write to it, and the
 * identity the server stamps into their presence.
 * - The board document `<boardId>`: readers are viewers and up; writers are editors and up.
 * - An organisation's document `<boardId>~org~<orgId>`: every reader of the board reads it; only editors (and up)
 *   who belong to that organisation write to it. Enforced on every message (the connection's `canWrite`).
 */
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { can } from '../../shared/access/roles'
import { parseBoardDocName } from '../../shared/wire/protocol'
import { resolveSession, roleOnBoard, type Principal } from '../auth/access'
import type { Storage } from '../storage/types'
import type { AppEnv } from './app'
import { SESSION_COOKIE } from './auth-middleware'
import { createAttributionInspector } from './attribution-policy'
import type { SyncAccess } from './ws-route'


/** Overwrite the identity fields of an awareness state with the server's truth; null rejects the state. */
export function createAwarenessStamp(principal: Principal): (json: string) => string | null {
  const user = { id: principal.user.id, name: principal.user.name, orgId: principal.org.id, orgName: principal.org.name, orgShortName: principal.org.shortName, color: principal.org.colour }
  return (json) => {
    let state: unknown
    try {
      state = JSON.parse(json)
    } catch {
      // reason: not JSON at all; reject the state
      return null
    }
    if (state === null || typeof state !== 'object' || Array.isArray(state)) return null
    const record = state as Record<string, unknown>
    record['user'] = user
    const presence = record['presence']
    if (presence !== null && typeof presence === 'object' && !Array.isArray(presence)) {
      const p = presence as Record<string, unknown>
      // tldraw's presence record holds a TLUserId ("user:<id>").
      p['userId'] = `user:${user.id}`
      p['userName'] = `${user.name} (${user.orgShortName})`
      p['color'] = user.color
    }
    return JSON.stringify(record)
  }
}

export function createSyncAuthorizer(storage: Storage, now: () => Date) {
  return async (c: Context<AppEnv>, boardId: string, docName: string): Promise<SyncAccess> => {
    const token = c.req.query('token') ?? getCookie(c, SESSION_COOKIE) ?? null
    const principal = await resolveSession(storage, token, now())
    if (!principal) return { ok: false, status: 401, message: 'sign in to open this board' }
    const reauthorize = async (): Promise<SyncAccess> => {
      const user = await storage.accounts.getUser(principal.user.id)
      const board = await storage.boards.get(boardId)
      if (!user || !user.isActive || !board) return { ok: false, status: 403, message: 'access removed' }
      const role = await roleOnBoard(storage, user, board)
      if (!can(role, 'read')) return { ok: false, status: 403, message: 'access removed' }
      let canWrite = can(role, 'write')
      const doc = parseBoardDocName(boardId, docName)
      if (doc === null) return { ok: false, status: 404, message: 'no such document' }
      if (doc.kind === 'org') {
        if (!(await storage.accounts.getOrg(doc.orgId))) return { ok: false, status: 404, message: 'no such document' }
        canWrite = canWrite && user.orgId === doc.orgId
      }
      return {
        ok: true,
        canWrite,
        role: role ?? 'viewer',
        principal: principal.user.id,
        stampAwareness: createAwarenessStamp(principal),
        reauthorize,
        ...(docName === boardId ? { inspectContent: createAttributionInspector({ userId: principal.user.id, orgId: principal.org.id }) } : {}),
      }
    }
    const board = await storage.boards.get(boardId)
    if (!board) return { ok: false, status: 404, message: 'board not found' }
    const access = await reauthorize()
    // Someone without access learns nothing about whether the board exists.
    if (!access.ok) return { ok: false, status: 404, message: 'board not found' }
    return access
  }
}
