/**
 * @module wire/protocol
 * The one home of Pooled's websocket wire protocol, imported by the server (server/sync, server/http) and the client
 * (client/sync, client/features/sharing): message and sub-message types, the access sub-message, close codes, and the
 * names of a board's documents. Pure constants and functions (no Yjs, no sockets). The bytes are described in
 * docs/sync-protocol.md; the server's encoders and decoders are in server/sync/protocol.ts.
 */
import { BOARD_ROLES, type BoardRole } from '../access/roles.ts'

// ---- message types ------------------------------------------------------------------------------------------------

/** Top-level message types of the y-websocket protocol (y-websocket `messageSync`, `messageAwareness`, …). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const

/** Sub-types of a Sync message (y-protocols/sync). */
export const SyncType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const

/**
 * Sub-types of an Auth message. 0 is y-protocols' permission denied; 1 is Pooled's access message (a JSON string
 * `{ role, canWrite }`, sent on join and whenever the connection's role changes). The stock y-protocols auth reader
 * ignores sub-types other than 0, so stock clients are unaffected.
 */
export const AuthSubType = {
  PermissionDenied: 0,
  Access: 1,
} as const

// ---- the access sub-message -----------------------------------------------------------------------------------------

/** The payload of an access message: the connection's role on the board and whether its writes are applied. */
export interface AccessPayload {
  role: BoardRole | null
  canWrite: boolean
}

/** The JSON text of an access message. */
export function encodeAccessPayload(access: { role: string | null; canWrite: boolean }): string {
  return JSON.stringify({ role: access.role, canWrite: access.canWrite })
}

/** Parse the JSON text of an access message; null when it is not a well-formed access payload. */
export function parseAccessPayload(json: string): AccessPayload | null {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    // reason: a malformed payload is ignored; the caller keeps the role it had
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { role, canWrite } = value as { role?: unknown; canWrite?: unknown }
  if (typeof canWrite !== 'boolean') return null
  if (role !== null && !(typeof role === 'string' && (BOARD_ROLES as readonly string[]).includes(role))) return null
  return { role: role as BoardRole | null, canWrite }
}

// ---- close codes ----------------------------------------------------------------------------------------------------

/**
 * Close codes the server sends (1012, and the application range 4000–4999). Each is documented in the close-code
 * table of docs/sync-protocol.md.
 */
export const CloseCode = {
  /** Standard: server is restarting (SIGTERM); clients should reconnect. */
  ServiceRestart: 1012,
  /** Frame was not a decodable y-websocket message (empty, truncated, unknown type, trailing bytes). */
  MalformedMessage: 4000,
  /** Text frames are not part of the protocol. */
  TextFrame: 4001,
  /** A Yjs update could not be decoded or can never be integrated (depends on changes that do not exist). */
  InvalidUpdate: 4002,
  /** A Yjs update, or the document it would grow, is above the configured limit. */
  TooLarge: 4003,
  /** The board was deleted while connected. */
  BoardDeleted: 4004,
  /**
   * The update writes a record that is invalid under the board's tldraw schema (server/sync/record-validation.ts), a
   * value that is not a record under a `tl_records` key, or another version's schema to `tl_meta`.
   */
  InvalidRecord: 4005,
  /**
   * The update writes outside the document's layout (shared/wire/doc-layout.ts): a root type the document does not
   * use, a shared type under a root of plain values or nested deeper than MAX_TYPE_DEPTH, a subdocument, or a JSON
   * value nested deeper than MAX_JSON_DEPTH.
   */
  StructureRefused: 4006,
  /** The update forges authorship: a shape naming someone else as its creator or last editor, or a changed creator. */
  AuthorshipRefused: 4007,
  /** The connection fell too far behind (send buffer above MAX_PENDING_BYTES). */
  SlowConsumer: 4008,
  /** Storage failed; the room was reset. Reconnect to resync. */
  StorageError: 4011,
  /** Access was revoked while connected. */
  AccessRevoked: 4403,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** True for close codes about the caller's access (4400–4499): reconnecting cannot help until access changes. */
export function isAccessCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500
}

/**
 * True for close codes that refuse what this client wrote for good (4005 invalid record, 4006 structure, 4007
 * authorship): reconnecting would send the same change again and be refused again, so the client stops and asks for
 * a reload (which also brings the current version of Pooled, whose records the server accepts).
 */
export function isRefusedChangeCloseCode(code: number): boolean {
  return code === CloseCode.InvalidRecord || code === CloseCode.StructureRefused || code === CloseCode.AuthorshipRefused
}

/** True for every application close code (4000–4999): the server closed the connection on purpose. */
export function isAppCloseCode(code: number): boolean {
  return code >= 4000 && code < 5000
}

// ---- document names -------------------------------------------------------------------------------------------------

/** Separator between board id and organisation id in an organisation document's name. */
export const ORG_DOC_SEPARATOR = '~org~'

/** The name of an organisation's document on a board: `<boardId>~org~<orgId>` (websocket room and storage key). */
export function orgDocName(boardId: string, orgId: string): string {
  return `${boardId}${ORG_DOC_SEPARATOR}${orgId}`
}

/** Separator between board id and organisation id in an organisation's confidential document's name. */
export const PRIVATE_DOC_SEPARATOR = '~private~'

/**
 * The name of an organisation's confidential document on a board: `<boardId>~private~<orgId>`. It holds the
 * contracts the organisation marked confidential; only its members open it (docs/planning-doc.md).
 */
export function privateDocName(boardId: string, orgId: string): string {
  return `${boardId}${PRIVATE_DOC_SEPARATOR}${orgId}`
}

/** What a document name denotes on a board (`parseBoardDocName`). */
export type BoardDocKind = { kind: 'board' } | { kind: 'org'; orgId: string } | { kind: 'org-private'; orgId: string }

/**
 * What a document name denotes on a board: the board document itself, an organisation's document (its orgId), an
 * organisation's confidential document (its orgId), or nothing of this board (null).
 * @example parseBoardDocName(b, `${b}~private~council`) // { kind: 'org-private', orgId: 'council' }
 */
export function parseBoardDocName(boardId: string, docName: string): BoardDocKind | null {
  if (docName === boardId) return { kind: 'board' }
  for (const [separator, kind] of [[ORG_DOC_SEPARATOR, 'org'], [PRIVATE_DOC_SEPARATOR, 'org-private']] as const) {
    const prefix = boardId + separator
    if (docName.startsWith(prefix) && docName.length > prefix.length) return { kind, orgId: docName.slice(prefix.length) }
  }
  return null
}
