/**
 * The signed-in person for the whole app: loaded once from `GET /api/auth/me`, updated on sign-in/up/out, and read
 * by components through `useSession()`. Also mirrors the account into tldraw's user preferences so the name and
 * organisation colour on our own cursor match what the server stamps for everybody else.
 */
import { useSyncExternalStore } from 'react'
import { getUserPreferences, setUserPreferences } from '@tldraw/tldraw'
import type { Organisation, User } from '../../../shared/schema/api'
import { ApiError, describeError } from '../../api/client'
import { getMe, signOutRequest } from '../../api/auth'
import { markLoad } from '../../app/load-timing'

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: User; organisation: Organisation }
  | { status: 'error'; message: string }

let state: SessionState = { status: 'loading' }
let isLoading = false
const listeners = new Set<() => void>()

function setState(next: SessionState): void {
  state = next
  if (next.status === 'signed-in') applyAccountIdentity(next.user, next.organisation)
  for (const listener of listeners) listener()
}

/** The label everyone sees on a person's cursor; the server stamps the same text into presence. */
export function cursorLabel(name: string, orgShortName: string): string {
  return `${name} (${orgShortName})`
}

function applyAccountIdentity(user: User, organisation: Organisation): void {
  const prefs = getUserPreferences()
  const name = cursorLabel(user.name, organisation.shortName)
  if (prefs.id === user.id && prefs.name === name && prefs.color === organisation.colour) return
  setUserPreferences({ ...prefs, id: user.id, name, color: organisation.colour })
}

/** Ask the server who we are. Safe to call repeatedly; only one request runs at a time. */
export function loadSession(): void {
  if (isLoading) return
  isLoading = true
  getMe().then(
    (me) => {
      markLoad('session')
      setState({ status: 'signed-in', user: me.user, organisation: me.organisation })
    },
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'signed-out' })
      else setState({ status: 'error', message: describeError(error) })
    },
  ).finally(() => {
    isLoading = false
  })
}

/** After a successful sign-in or sign-up. */
export function setSignedIn(user: User, organisation: Organisation): void {
  setState({ status: 'signed-in', user, organisation })
}

/** After the organisation was renamed or recoloured by its administrator. */
export function updateSessionOrganisation(organisation: Organisation): void {
  if (state.status === 'signed-in' && state.organisation.id === organisation.id) setState({ ...state, organisation })
}

/** End the session on the server, then start afresh on the sign-in page (drops every live board connection). */
export async function signOut(): Promise<void> {
  try {
    await signOutRequest()
  } finally {
    location.assign('/signin')
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (state.status === 'loading') loadSession()
  return () => listeners.delete(listener)
}

/** The current session, re-rendering when it changes. The first subscriber triggers the load. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, () => state)
}
