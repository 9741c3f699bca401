/** Minimal history-API routing: `/` lists boards, `/b/:boardId` opens one. No router library needed for two pages. */
import { useSyncExternalStore } from 'react'

export type Route =
  | { name: 'home' }
  | { name: 'board'; boardId: string }
  | { name: 'report'; boardId: string }
  | { name: 'signin' }
  | { name: 'signup' }
  | { name: 'invite'; token: string }
  | { name: 'org' }
  | { name: 'org-spend' }
  | { name: 'org-contracts' }
  | { name: 'collaboration' }
  | { name: 'forward-plan' }
  | { name: 'library' }
  | { name: 'method'; slug: string }
  | { name: 'not-found'; path: string }

const NAVIGATE_EVENT = 'pooled:navigate'

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' }
  const board = /^\/b\/([^/]+)\/?$/.exec(pathname)
  if (board?.[1]) return { name: 'board', boardId: decodeURIComponent(board[1]) }
  const report = /^\/b\/([^/]+)\/report\/?$/.exec(pathname)
  if (report?.[1]) return { name: 'report', boardId: decodeURIComponent(report[1]) }
  if (pathname === '/signin' || pathname === '/signin/') return { name: 'signin' }
  if (pathname === '/signup' || pathname === '/signup/') return { name: 'signup' }
  if (pathname === '/org' || pathname === '/org/') return { name: 'org' }
  if (pathname === '/org/spend' || pathname === '/org/spend/') return { name: 'org-spend' }
  if (pathname === CONTRACTS_HREF || pathname === `${CONTRACTS_HREF}/`) return { name: 'org-contracts' }
  if (pathname === COLLABORATION_HREF || pathname === `${COLLABORATION_HREF}/`) return { name: 'collaboration' }
  if (pathname === FORWARD_PLAN_HREF || pathname === `${FORWARD_PLAN_HREF}/`) return { name: 'forward-plan' }
  const invite = /^\/invite\/([^/]+)\/?$/.exec(pathname)
  if (invite?.[1]) return { name: 'invite', token: decodeURIComponent(invite[1]) }
  if (pathname === '/library' || pathname === '/library/') return { name: 'library' }
  const method = /^\/library\/([^/]+)\/?$/.exec(pathname)
  if (method?.[1]) return { name: 'method', slug: decodeURIComponent(method[1]) }
  return { name: 'not-found', path: pathname }
}

/** The organisation's Spend data page. */
export const SPEND_DATA_HREF = '/org/spend'
/** The organisation's Contracts page: contract files, its contracts, buyer names. */
export const CONTRACTS_HREF = '/org/contracts'
/** The opportunity finder across the organisations of this Pooled. */
export const COLLABORATION_HREF = '/collaboration'
/** Upcoming expiries and planned procurements of every body, by quarter. */
export const FORWARD_PLAN_HREF = '/forward-plan'

export function boardHref(boardId: string): string {
  return `/b/${encodeURIComponent(boardId)}`
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE_EVENT, onChange)
  }
}

/** The current pathname, re-rendering on navigation. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname)
}
