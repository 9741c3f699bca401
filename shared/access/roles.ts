/**
 * Board roles and what each may do. Pure, shared by server (enforcement) and client (what to show).
 * owner > facilitator > editor > viewer.
 */

export const BOARD_ROLES = ['viewer', 'editor', 'facilitator', 'owner'] as const
export type BoardRole = (typeof BOARD_ROLES)[number]

export const ROLE_LABELS: Record<BoardRole, string> = {
  owner: 'Owner',
  facilitator: 'Facilitator',
  editor: 'Editor',
  viewer: 'Viewer',
}

export const ROLE_DESCRIPTIONS: Record<BoardRole, string> = {
  owner: 'Everything, including deleting the board',
  facilitator: 'Edit, rename, share and invite people',
  editor: "Draw and edit; enter their own organisation's figures",
  viewer: 'Watch live; cannot change anything',
}

const rank = (role: BoardRole): number => BOARD_ROLES.indexOf(role)

/** The higher of two roles (null means no access). */
export function maxRole(a: BoardRole | null, b: BoardRole | null): BoardRole | null {
  if (a === null) return b
  if (b === null) return a
  return rank(a) >= rank(b) ? a : b
}

export const isAtLeast = (role: BoardRole | null, needed: BoardRole): boolean => role !== null && rank(role) >= rank(needed)

export type BoardAction = 'read' | 'write' | 'rename' | 'share' | 'delete'

/** Whether `role` may perform `action` on a board. */
export function can(role: BoardRole | null, action: BoardAction): boolean {
  switch (action) {
    case 'read':
      return isAtLeast(role, 'viewer')
    case 'write':
      return isAtLeast(role, 'editor')
    case 'rename':
    case 'share':
      return isAtLeast(role, 'facilitator')
    case 'delete':
      return role === 'owner'
  }
}

/** A sharer may grant at most their own role, and only an owner may grant ownership. */
export function canGrant(granter: BoardRole | null, role: BoardRole): boolean {
  if (!can(granter, 'share')) return false
  if (role === 'owner') return granter === 'owner'
  return true
}
