/**
 * Presence ⇄ Yjs awareness (STACK.md §4, pitfalls 2 and 3). Our cursor, selection and camera go out as the awareness
 * field `presence`; other clients' presences come back into the store as `instance_presence` records through
 * `mergeRemoteChanges`. The field `user` carries name and colour for the participants list.
 */
import type { Awareness } from 'y-protocols/awareness'
import {
  InstancePresenceRecordType,
  computed,
  createPresenceStateDerivation,
  createUserId,
  react,
  UserRecordType,
  type Signal,
  type TLInstancePresence,
  type TLStore,
  type TLUser,
} from '@tldraw/tldraw'

/** What each client publishes about its person; the participants list reads it. */
export interface AwarenessUser {
  id: string
  name: string
  color: string
}

export interface PresenceIdentity {
  /** Stable per-browser id (tldraw user preferences id). */
  id: string
  name: string
  color: string
}

/** Schedules a callback outside the reactive effect: `requestAnimationFrame` in the browser, a microtask in tests. */
export type Defer = (callback: () => void) => void

export const deferToFrame: Defer = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback())
  else queueMicrotask(callback)
}

/** Presence record id for one awareness client; every client derives the same id for the same peer. */
export function presenceIdFor(clientId: number): TLInstancePresence['id'] {
  return InstancePresenceRecordType.createId(String(clientId))
}

/** Build the `$user` signal the presence derivation needs from a signal of our identity. */
export function createUserSignal($identity: Signal<PresenceIdentity | null>): Signal<TLUser | null> {
  return computed('pooled user', () => {
    const identity = $identity.get()
    if (!identity) return null
    return UserRecordType.create({ id: createUserId(identity.id), name: identity.name, color: identity.color })
  })
}

export interface PresenceBindingOptions {
  $identity: Signal<PresenceIdentity | null>
  defer?: Defer
}

/** Start publishing our presence and mirroring everyone else's. Returns the cleanup. */
export function bindPresence(store: TLStore, awareness: Awareness, options: PresenceBindingOptions): () => void {
  const defer = options.defer ?? deferToFrame
  const ownId = awareness.clientID
  const $user = createUserSignal(options.$identity)
  const $presence = createPresenceStateDerivation($user, { instanceId: presenceIdFor(ownId) })(store)
  let isDisposed = false

  // Coalesce: at most one awareness write per deferral, always with the latest value.
  let pending: { presence: TLInstancePresence | null; user: AwarenessUser | null } | null = null
  const flush = () => {
    if (isDisposed || !pending) return
    const next = pending
    pending = null
    awareness.setLocalStateField('presence', next.presence)
    awareness.setLocalStateField('user', next.user)
  }

  const stopReact = react('pooled presence → awareness', () => {
    const presence = $presence.get()
    const identity = options.$identity.get()
    const isFirst = pending === null
    pending = { presence, user: identity ? { id: identity.id, name: identity.name, color: identity.color } : null }
    // Never touch awareness synchronously inside a reactive effect (pitfall 3).
    if (isFirst) defer(flush)
  })

  const applyStates = (clientIds: number[], removedIds: number[]) => {
    const toPut: TLInstancePresence[] = []
    const toRemove: TLInstancePresence['id'][] = []
    const states = awareness.getStates()
    for (const clientId of clientIds) {
      if (clientId === ownId) continue
      const presence = (states.get(clientId) as { presence?: unknown } | undefined)?.presence
      if (presence && typeof presence === 'object') {
        toPut.push(normalisePresence(presence as TLInstancePresence, clientId))
      } else {
        toRemove.push(presenceIdFor(clientId))
      }
    }
    for (const clientId of removedIds) {
      if (clientId !== ownId) toRemove.push(presenceIdFor(clientId))
    }
    const present = toRemove.filter((id) => store.has(id))
    if (toPut.length === 0 && present.length === 0) return
    try {
      store.mergeRemoteChanges(() => {
        if (present.length > 0) store.remove(present)
        if (toPut.length > 0) store.put(toPut)
      })
    } catch {
      // reason: a peer on another tldraw version may send a presence shape we cannot validate; cursors are best effort
    }
  }

  const onChange = (change: { added: number[]; updated: number[]; removed: number[] }) => {
    if (isDisposed) return
    applyStates([...change.added, ...change.updated], change.removed)
  }
  awareness.on('change', onChange)
  // Awareness usually arrives before the doc `sync`, i.e. before we subscribed: replay it once (pitfall 2).
  applyStates([...awareness.getStates().keys()], [])

  return () => {
    isDisposed = true
    stopReact()
    awareness.off('change', onChange)
    const ours = store.query.records('instance_presence').get().map((r) => r.id)
    if (ours.length > 0) store.mergeRemoteChanges(() => store.remove(ours))
  }
}

/**
 * Our id for the record, and tldraw's `user:` prefix on user ids: a server that stamps identities into awareness may
 * write the bare account id, which tldraw's validator would reject (and the cursor would silently never show).
 */
function normalisePresence(presence: TLInstancePresence, clientId: number): TLInstancePresence {
  const userId = toUserId(presence.userId)
  const followingUserId = presence.followingUserId == null ? null : toUserId(presence.followingUserId)
  return { ...presence, id: presenceIdFor(clientId), userId, followingUserId }
}

function toUserId(id: string): TLUser['id'] {
  return (id.startsWith('user:') ? id : createUserId(id)) as TLUser['id']
}

/** One person in the participants list. */
export interface Participant extends AwarenessUser {
  /** True for this browser tab's own entry. */
  isSelf: boolean
}

/** Read the participants (including us) from awareness: one entry per person id, us first, then by name. */
export function readParticipants(awareness: Awareness): Participant[] {
  const byId = new Map<string, Participant>()
  for (const [clientId, state] of awareness.getStates()) {
    const user = (state as { user?: unknown }).user
    if (!isAwarenessUser(user)) continue
    const isSelf = clientId === awareness.clientID
    const existing = byId.get(user.id)
    if (!existing || isSelf) byId.set(user.id, { id: user.id, name: user.name, color: user.color, isSelf: isSelf || (existing?.isSelf ?? false) })
  }
  return [...byId.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name))
}

function isAwarenessUser(value: unknown): value is AwarenessUser {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v['id'] === 'string' && typeof v['name'] === 'string' && typeof v['color'] === 'string'
}
