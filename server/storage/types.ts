/**
 * Storage interfaces. The sync layer sees only `DocStore`; HTTP routes see only the repos. Concrete implementations
 * (memory, SQLite, later PostgreSQL) live beside this file and are chosen in `server/main.ts`.
 */

/** A document's persisted state: an optional compacted snapshot plus the updates appended after it, in order. */
export interface StoredDoc {
  snapshot: Uint8Array | null
  /** The snapshot's Yjs state vector, stored beside it so loading never decodes the snapshot (null if unknown). */
  snapshotStateVector?: Uint8Array | null
  updates: Uint8Array[]
  /** Sequence number of the last update included (snapshot or updates); 0 when the doc is empty. */
  lastSeq: number
}

export interface AppendEntry {
  docName: string
  update: Uint8Array
}

/**
 * Durable storage of Yjs documents as an append-only update log with background compaction.
 * Rule S1: when `append` resolves, every entry is durable (survives a process crash).
 * Rule S2: `load` returns snapshot + updates whose merge equals every update ever appended.
 * Rule S3: `compact` replaces the snapshot and removes updates with seq ≤ throughSeq atomically; later updates survive.
 */
export interface DocStore {
  load(docName: string): Promise<StoredDoc>
  /** Append many updates (possibly for several docs) in one durable write. Resolves with each entry's seq, in order. */
  append(entries: readonly AppendEntry[]): Promise<number[]>
  compact(docName: string, snapshot: Uint8Array, throughSeq: number, stateVector?: Uint8Array): Promise<void>
  /** Remove a document and its history. */
  delete(docName: string): Promise<void>
  /** Delete every document whose name starts with `prefix` (a board and its per-organisation docs). */
  deletePrefix(prefix: string): Promise<void>
}

export interface BoardRow {
  id: string
  title: string
  createdAt: string
  updatedAt: string
  /** Null for boards created before accounts existed; the first account adopts them. */
  ownerId?: string | null
}

export interface BoardRepo {
  create(row: BoardRow): Promise<void>
  get(id: string): Promise<BoardRow | null>
  list(): Promise<BoardRow[]>
  /** Boards with these ids, newest first. */
  listByIds(ids: readonly string[]): Promise<BoardRow[]>
  updateTitle(id: string, title: string, updatedAt: string): Promise<BoardRow | null>
  delete(id: string): Promise<boolean>
  /** Give every ownerless board to `ownerId`; returns their ids. */
  adoptOwnerless(ownerId: string): Promise<string[]>
}

export interface OrgRow {
  id: string
  name: string
  shortName: string
  colour: string
  createdAt: string
}

export interface UserRow {
  id: string
  email: string
  name: string
  passwordHash: string
  orgId: string
  orgRole: 'member' | 'admin'
  isAdmin: boolean
  isActive: boolean
  createdAt: string
}

export interface SessionRow {
  tokenHash: string
  userId: string
  createdAt: string
  expiresAt: string
}

export type PrincipalType = 'user' | 'org'
export type Role = 'owner' | 'facilitator' | 'editor' | 'viewer'

export interface ShareRow {
  boardId: string
  principalType: PrincipalType
  principalId: string
  role: Role
  createdAt: string
}

export interface InviteRow {
  id: string
  tokenHash: string
  kind: 'board' | 'org'
  /** Board id for board invites, organisation id for organisation invites. */
  targetId: string
  role: string
  createdBy: string
  createdAt: string
  expiresAt: string
  revokedAt: string | null
  uses: number
}

export interface AccountRepo {
  countUsers(): Promise<number>
  createOrg(row: OrgRow): Promise<void>
  getOrg(id: string): Promise<OrgRow | null>
  findOrgByName(name: string): Promise<OrgRow | null>
  listOrgs(): Promise<OrgRow[]>
  updateOrg(id: string, patch: Partial<Pick<OrgRow, 'name' | 'shortName' | 'colour'>>): Promise<OrgRow | null>
  createUser(row: UserRow): Promise<void>
  getUser(id: string): Promise<UserRow | null>
  findUserByEmail(email: string): Promise<UserRow | null>
  listUsersInOrg(orgId: string): Promise<UserRow[]>
  updateUser(id: string, patch: Partial<Pick<UserRow, 'orgRole' | 'isActive' | 'name'>>): Promise<UserRow | null>
  createSession(row: SessionRow): Promise<void>
  getSession(tokenHash: string): Promise<SessionRow | null>
  touchSession(tokenHash: string, expiresAt: string): Promise<void>
  deleteSession(tokenHash: string): Promise<void>
  deleteSessionsOfUser(userId: string): Promise<void>
  getSetting(key: string): Promise<string | null>
  setSetting(key: string, value: string): Promise<void>
}

export interface ShareRepo {
  put(row: ShareRow): Promise<void>
  remove(boardId: string, principalType: PrincipalType, principalId: string): Promise<boolean>
  listForBoard(boardId: string): Promise<ShareRow[]>
  /** Shares that give this user access, directly or through their organisation. */
  listForUser(userId: string, orgId: string): Promise<ShareRow[]>
  /** Board ids shared with a user or one of the given organisation. */
  boardsSharedWithOrg(orgId: string): Promise<string[]>
}

export interface InviteRepo {
  create(row: InviteRow): Promise<void>
  findByTokenHash(tokenHash: string): Promise<InviteRow | null>
  listFor(kind: InviteRow['kind'], targetId: string): Promise<InviteRow[]>
  revoke(id: string, kind: InviteRow['kind'], targetId: string, at: string): Promise<boolean>
  recordUse(id: string): Promise<void>
}

/** One stored version of a methodology (the fields of shared/knowledge/methodology.ts plus provenance). */
export interface MethodologyVersionRow {
  slug: string
  version: number
  title: string
  stage: string
  summary: string
  whenToUse: string
  body: string
  tags: string[]
  /** The canvas template as parsed JSON (validated on the way in). */
  template: unknown
  authorId: string | null
  authorName: string
  authorOrgId: string | null
  authorOrgName: string
  changeNote: string
  createdAt: string
}

export interface MethodologySummaryRow {
  current: MethodologyVersionRow
  createdAt: string
  updatedAt: string
  usageCount: number
  /** Organisations that wrote any version, in order of first contribution. */
  contributors: Array<{ orgId: string | null; orgName: string }>
}

export interface KnowledgeRepo {
  count(): Promise<number>
  /** Insert version 1 of a new methodology; false if the slug exists. */
  create(row: MethodologyVersionRow): Promise<boolean>
  /** Append a new version (row.version must be current + 1); false on a concurrent edit. */
  addVersion(row: MethodologyVersionRow): Promise<boolean>
  get(slug: string): Promise<MethodologySummaryRow | null>
  getVersion(slug: string, version: number): Promise<MethodologyVersionRow | null>
  listVersions(slug: string): Promise<MethodologyVersionRow[]>
  /** Full-text search (ranked) when `query` is set, else all; filtered by tag, stage and contributing organisation. */
  search(opts: { query?: string; tag?: string; stage?: string; orgId?: string; sort?: 'relevance' | 'most-used' | 'recent' | 'title'; limit?: number }): Promise<MethodologySummaryRow[]>
  recordUsage(slug: string, boardId: string, version: number, placedBy: string | null, at: string): Promise<void>
}

/** Everything the app needs from storage, behind interfaces. */
export interface Storage {
  docs: DocStore
  boards: BoardRepo
  accounts: AccountRepo
  shares: ShareRepo
  invites: InviteRepo
  knowledge: KnowledgeRepo
  /** True once the backing store is open and answering. */
  isHealthy(): boolean
  close(): Promise<void>
}
