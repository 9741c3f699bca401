/** SQLite implementations of the account, sharing and invite repositories. */
import type Database from 'better-sqlite3'
import type { AccountRepo, InviteRepo, InviteRow, OrgRow, SessionRow, ShareRepo, ShareRow, UserRow } from '../types'

type Db = Database.Database

interface OrgDb { id: string; name: string; short_name: string; colour: string; created_at: string }
interface UserDb {
  id: string; email: string; name: string; password_hash: string; org_id: string; org_role: 'member' | 'admin'
  is_admin: number; is_active: number; created_at: string
}
interface ShareDb { board_id: string; principal_type: 'user' | 'org'; principal_id: string; role: ShareRow['role']; created_at: string }
interface InviteDb {
  id: string; token_hash: string; kind: 'board' | 'org'; target_id: string; role: string; created_by: string
  created_at: string; expires_at: string; revoked_at: string | null; uses: number
}

const toOrg = (r: OrgDb): OrgRow => ({ id: r.id, name: r.name, shortName: r.short_name, colour: r.colour, createdAt: r.created_at })
const toUser = (r: UserDb): UserRow => ({
  id: r.id, email: r.email, name: r.name, passwordHash: r.password_hash, orgId: r.org_id, orgRole: r.org_role,
  isAdmin: r.is_admin === 1, isActive: r.is_active === 1, createdAt: r.created_at,
})
const toShare = (r: ShareDb): ShareRow => ({ boardId: r.board_id, principalType: r.principal_type, principalId: r.principal_id, role: r.role, createdAt: r.created_at })
const toInvite = (r: InviteDb): InviteRow => ({
  id: r.id, tokenHash: r.token_hash, kind: r.kind, targetId: r.target_id, role: r.role, createdBy: r.created_by,
  createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, uses: r.uses,
})

export function createAccountRepo(db: Db): AccountRepo {
  const q = {
    countUsers: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
    insertOrg: db.prepare('INSERT INTO organisations (id, name, short_name, colour, created_at) VALUES (?, ?, ?, ?, ?)'),
    getOrg: db.prepare<[string], OrgDb>('SELECT * FROM organisations WHERE id = ?'),
    orgByName: db.prepare<[string], OrgDb>('SELECT * FROM organisations WHERE name = ? COLLATE NOCASE'),
    listOrgs: db.prepare<[], OrgDb>('SELECT * FROM organisations ORDER BY name COLLATE NOCASE'),
    insertUser: db.prepare(
      'INSERT INTO users (id, email, name, password_hash, org_id, org_role, is_admin, is_active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    getUser: db.prepare<[string], UserDb>('SELECT * FROM users WHERE id = ?'),
    userByEmail: db.prepare<[string], UserDb>('SELECT * FROM users WHERE email = ? COLLATE NOCASE'),
    usersInOrg: db.prepare<[string], UserDb>('SELECT * FROM users WHERE org_id = ? AND is_active = 1 ORDER BY name COLLATE NOCASE'),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    getSession: db.prepare<[string], { token_hash: string; user_id: string; created_at: string; expires_at: string }>(
      'SELECT * FROM sessions WHERE token_hash = ?',
    ),
    touchSession: db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteUserSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  }
  return {
    async countUsers() {
      return q.countUsers.get()?.n ?? 0
    },
    async createOrg(row) {
      q.insertOrg.run(row.id, row.name, row.shortName, row.colour, row.createdAt)
    },
    async getOrg(id) {
      const r = q.getOrg.get(id)
      return r ? toOrg(r) : null
    },
    async findOrgByName(name) {
      const r = q.orgByName.get(name)
      return r ? toOrg(r) : null
    },
    async listOrgs() {
      return q.listOrgs.all().map(toOrg)
    },
    async updateOrg(id, patch) {
      const current = q.getOrg.get(id)
      if (!current) return null
      db.prepare('UPDATE organisations SET name = ?, short_name = ?, colour = ? WHERE id = ?').run(
        patch.name ?? current.name,
        patch.shortName ?? current.short_name,
        patch.colour ?? current.colour,
        id,
      )
      const r = q.getOrg.get(id)
      return r ? toOrg(r) : null
    },
    async createUser(row) {
      q.insertUser.run(row.id, row.email, row.name, row.passwordHash, row.orgId, row.orgRole, row.isAdmin ? 1 : 0, row.isActive ? 1 : 0, row.createdAt)
    },
    async getUser(id) {
      const r = q.getUser.get(id)
      return r ? toUser(r) : null
    },
    async findUserByEmail(email) {
      const r = q.userByEmail.get(email)
      return r ? toUser(r) : null
    },
    async listUsersInOrg(orgId) {
      return q.usersInOrg.all(orgId).map(toUser)
    },
    async updateUser(id, patch) {
      const current = q.getUser.get(id)
      if (!current) return null
      db.prepare('UPDATE users SET org_role = ?, is_active = ?, name = ? WHERE id = ?').run(
        patch.orgRole ?? current.org_role,
        patch.isActive === undefined ? current.is_active : patch.isActive ? 1 : 0,
        patch.name ?? current.name,
        id,
      )
      const r = q.getUser.get(id)
      return r ? toUser(r) : null
    },
    async createSession(row: SessionRow) {
      q.insertSession.run(row.tokenHash, row.userId, row.createdAt, row.expiresAt)
    },
    async getSession(tokenHash) {
      const r = q.getSession.get(tokenHash)
      return r ? { tokenHash: r.token_hash, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at } : null
    },
    async touchSession(tokenHash, expiresAt) {
      q.touchSession.run(expiresAt, tokenHash)
    },
    async deleteSession(tokenHash) {
      q.deleteSession.run(tokenHash)
    },
    async deleteSessionsOfUser(userId) {
      q.deleteUserSessions.run(userId)
    },
    async getSetting(key) {
      return q.getSetting.get(key)?.value ?? null
    },
    async setSetting(key, value) {
      q.setSetting.run(key, value)
    },
  }
}

export function createShareRepo(db: Db): ShareRepo {
  const q = {
    put: db.prepare(
      `INSERT INTO board_shares (board_id, principal_type, principal_id, role, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (board_id, principal_type, principal_id) DO UPDATE SET role = excluded.role`,
    ),
    remove: db.prepare('DELETE FROM board_shares WHERE board_id = ? AND principal_type = ? AND principal_id = ?'),
    forBoard: db.prepare<[string], ShareDb>('SELECT * FROM board_shares WHERE board_id = ? ORDER BY created_at'),
    forUser: db.prepare<[string, string], ShareDb>(
      `SELECT * FROM board_shares WHERE (principal_type = 'user' AND principal_id = ?) OR (principal_type = 'org' AND principal_id = ?)`,
    ),
    forOrg: db.prepare<[string], { board_id: string }>(`SELECT board_id FROM board_shares WHERE principal_type = 'org' AND principal_id = ?`),
  }
  return {
    async put(row) {
      q.put.run(row.boardId, row.principalType, row.principalId, row.role, row.createdAt)
    },
    async remove(boardId, principalType, principalId) {
      return q.remove.run(boardId, principalType, principalId).changes > 0
    },
    async listForBoard(boardId) {
      return q.forBoard.all(boardId).map(toShare)
    },
    async listForUser(userId, orgId) {
      return q.forUser.all(userId, orgId).map(toShare)
    },
    async boardsSharedWithOrg(orgId) {
      return q.forOrg.all(orgId).map((r) => r.board_id)
    },
  }
}

export function createInviteRepo(db: Db): InviteRepo {
  const q = {
    insert: db.prepare(
      'INSERT INTO invites (id, token_hash, kind, target_id, role, created_by, created_at, expires_at, revoked_at, uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0)',
    ),
    byToken: db.prepare<[string], InviteDb>('SELECT * FROM invites WHERE token_hash = ?'),
    listFor: db.prepare<[string, string], InviteDb>('SELECT * FROM invites WHERE kind = ? AND target_id = ? ORDER BY created_at DESC'),
    revoke: db.prepare('UPDATE invites SET revoked_at = ? WHERE id = ? AND kind = ? AND target_id = ? AND revoked_at IS NULL'),
    use: db.prepare('UPDATE invites SET uses = uses + 1 WHERE id = ?'),
  }
  return {
    async create(row) {
      q.insert.run(row.id, row.tokenHash, row.kind, row.targetId, row.role, row.createdBy, row.createdAt, row.expiresAt)
    },
    async findByTokenHash(tokenHash) {
      const r = q.byToken.get(tokenHash)
      return r ? toInvite(r) : null
    },
    async listFor(kind, targetId) {
      return q.listFor.all(kind, targetId).map(toInvite)
    },
    async revoke(id, kind, targetId, at) {
      return q.revoke.run(at, id, kind, targetId).changes > 0
    },
    async recordUse(id) {
      q.use.run(id)
    },
  }
}
