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
import { ORG_DOC_SEPARATOR } from '../../shared/doc/planning-schema'
import { resolveSession, roleOnBoard, type Principal } from '../auth/access'
import type { Storage } from '../storage/types'
import type { AppEnv, SyncAccess } from './app-env'
import { SESSION_COOKIE } from './auth-middleware'
import type { ContentInspector } from '../sync/update-check'
import type { OriginVerdict } from './origin-check'


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

/**
 * Attribution is part of each shape record (`meta.updatedBy`), written by the client. The server makes it
 * trustworthy: on the board document, every shape record a connection writes must name that connection's person
 * as its last editor. Anything else is refused (close 4002), so a shape can never claim the wrong author.
 */
export function createAttributionInspector(userId: string): ContentInspector {
  return {
    // Only these fields of each written record are decoded; the rest of a record is skipped.
    fields: { typeName: true, id: true, meta: { updatedBy: { userId: true } } },
    inspect(values) {
      for (const raw of values) {
        if (raw === null || typeof raw !== 'object') continue
        const value = raw as { typeName?: unknown; id?: unknown; meta?: { updatedBy?: { userId?: unknown } } }
        if (value.typeName !== 'shape') continue
        const meta = value.meta
        const updatedBy = meta !== null && typeof meta === 'object' ? meta.updatedBy : undefined
        const by = updatedBy !== null && typeof updatedBy === 'object' ? updatedBy.userId : undefined
        if (by !== undefined && by !== userId) return `shape ${String(value.id)} names another person as its last editor`
      }
      return null
    },
  }
}

/**
 * The session token of an upgrade and how it came. A script passes its token in the `token` query parameter (what
 * the y-websocket client can send) or as `Authorization: Bearer`; a browser sends the session cookie on its own.
 */
function syncCredential(c: Context<AppEnv>): { token: string; isCookie: boolean } | null {
  const query = c.req.query('token')
  if (query) return { token: query, isCookie: false }
  const header = c.req.header('authorization')
  if (header) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    return bearer ? { token: bearer, isCookie: false } : null
  }
  const cookie = getCookie(c, SESSION_COOKIE)
  return cookie ? { token: cookie, isCookie: true } : null
}

/**
 * `checkOrigin` guards the cookie (docs/sync-protocol.md, "The upgrade"): an upgrade that rides on the session cookie is refused
 * with 403 unless its Origin is allowed, so a page on another site cannot open a board in a signed-in person's name.
 * Tokens are never sent by a browser on its own, so token upgrades skip the check.
 */
export function createSyncAuthorizer(storage: Storage, now: () => Date, checkOrigin: (origin: string | undefined, host: string | undefined) => OriginVerdict) {
  return async (c: Context<AppEnv>, boardId: string, docName: string): Promise<SyncAccess> => {
    const credential = syncCredential(c)
    if (credential?.isCookie) {
      const verdict = checkOrigin(c.req.header('origin'), c.req.header('host'))
      if (!verdict.ok) return { ok: false, status: 403, message: verdict.message }
    }
    const principal = await resolveSession(storage, credential?.token ?? null, now())
    if (!principal) return { ok: false, status: 401, message: 'sign in to open this board' }
    const reauthorize = async (): Promise<SyncAccess> => {
      const user = await storage.accounts.getUser(principal.user.id)
      const board = await storage.boards.get(boardId)
      if (!user || !user.isActive || !board) return { ok: false, status: 403, message: 'access removed' }
      const role = await roleOnBoard(storage, user, board)
      if (!can(role, 'read')) return { ok: false, status: 403, message: 'access removed' }
      let canWrite = can(role, 'write')
      if (docName !== boardId) {
        const orgId = docName.slice(boardId.length + ORG_DOC_SEPARATOR.length)
        if (!docName.startsWith(boardId + ORG_DOC_SEPARATOR) || !(await storage.accounts.getOrg(orgId))) {
          return { ok: false, status: 404, message: 'no such document' }
        }
        canWrite = canWrite && user.orgId === orgId
      }
      return {
        ok: true,
        canWrite,
        role: role ?? 'viewer',
        principal: principal.user.id,
        stampAwareness: createAwarenessStamp(principal),
        reauthorize,
        ...(docName === boardId ? { inspectContent: createAttributionInspector(principal.user.id) } : {}),
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
