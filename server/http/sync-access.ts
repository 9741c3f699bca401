/**
 * The authorisation seam of the websocket upgrade: who may open which document, who may write to it, and the
 * identity the server stamps into their presence.
 * - The board document `<boardId>`: readers are viewers and up; writers are editors and up.
 * - An organisation's document `<boardId>~org~<orgId>`: every reader of the board reads it; only editors (and up)
 *   who belong to that organisation write to it. Enforced on every message (the connection's `canWrite`).
 * - An organisation's confidential document `<boardId>~private~<orgId>`: only readers of the board who belong to that
 *   organisation open it (anyone else is refused like any board they cannot read); only its editors (and up) write.
 */
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { can } from '../../shared/access/roles'
import { parseBoardDocName } from '../../shared/wire/protocol'
import { resolveSession, roleOnBoard, type Principal } from '../auth/access'
import type { Storage } from '../storage/types'
import type { AppEnv, SyncAccess } from './app-env'
import { SESSION_COOKIE } from './auth-middleware'
import type { ContentInspector } from '../sync/update-check'
import { boardRecordRule, composeInspectors, createValueInspector } from '../sync/record-validation'
import { BOARD_DOC_VALUE_FIELDS, checkPlanningValues, ORG_DOC_VALUE_FIELDS, PRIVATE_DOC_VALUE_FIELDS, type PlanningDocKind } from '../../shared/doc/planning-value-check'
import { createAttributionInspector } from './attribution-policy'
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
 * The planning documents' content rule (shared/doc/planning-value-check.ts): a value no planning writer ever writes
 * is refused (close 4002), so a malformed entry, contract or card value never reaches storage or other readers.
 */
export function createPlanningInspector(kind: PlanningDocKind): ContentInspector {
  const fields = kind === 'org' ? ORG_DOC_VALUE_FIELDS : kind === 'org-private' ? PRIVATE_DOC_VALUE_FIELDS : BOARD_DOC_VALUE_FIELDS
  return { fields, inspect: (values) => checkPlanningValues(kind, values) }
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
      const doc = parseBoardDocName(boardId, docName)
      if (doc === null) return { ok: false, status: 404, message: 'no such document' }
      if (doc.kind !== 'board') {
        if (!(await storage.accounts.getOrg(doc.orgId))) return { ok: false, status: 404, message: 'no such document' }
        // Confidential contracts: the whole document goes to whoever opens it, so only members may open it at all.
        if (doc.kind === 'org-private' && user.orgId !== doc.orgId) return { ok: false, status: 403, message: 'access removed' }
        canWrite = canWrite && user.orgId === doc.orgId
      }
      return {
        ok: true,
        canWrite,
        role: role ?? 'viewer',
        principal: principal.user.id,
        stampAwareness: createAwarenessStamp(principal),
        reauthorize,
        // The board document: every written record must be valid (record-validation.ts), planning values must fit the
        // layout, and shapes must name their writer (attribution-policy.ts; last, since it remembers what it accepts).
        // An organisation document takes only valid entries and contracts; a confidential one only valid contracts.
        inspectContent: doc.kind === 'board'
          ? composeInspectors(
              createValueInspector([boardRecordRule]),
              createPlanningInspector('board'),
              createAttributionInspector({ userId: principal.user.id, orgId: principal.org.id }),
            )
          : createPlanningInspector(doc.kind),
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
