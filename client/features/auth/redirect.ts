/**
 * Where to send someone after signing in or up. Only same-origin paths of pages we know are accepted, so a crafted
 * `?next=` can never bounce a person to another site (open-redirect) or into an API route.
 */

const DEFAULT_TARGET = '/'
const NEXT_PARAM = 'next'

/** A safe in-app path from an untrusted `next` value, or `/`. */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw) return DEFAULT_TARGET
  // Absolute or protocol-relative URLs, backslash tricks and control characters are refused outright.
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\u0000-\u001f\\]/.test(raw)) return DEFAULT_TARGET
  const path = raw.split(/[?#]/)[0] ?? ''
  if (path === '/' || /^\/b\/[^/]+\/?$/.test(path) || /^\/invite\/[^/]+\/?$/.test(path) || path === '/org') return raw
  return DEFAULT_TARGET
}

/** `/signin?next=…` for the page someone was trying to reach (the plain `/` needs no parameter). */
export function signInHref(target: string, page: 'signin' | 'signup' = 'signin', extra: Record<string, string> = {}): string {
  const params = new URLSearchParams()
  const next = safeNextPath(target)
  if (next !== DEFAULT_TARGET) params.set(NEXT_PARAM, next)
  for (const [key, value] of Object.entries(extra)) params.set(key, value)
  const query = params.toString()
  return `/${page}${query ? `?${query}` : ''}`
}

/** The `next` target carried by a sign-in page's query string. */
export function nextFromSearch(search: string): string {
  return safeNextPath(new URLSearchParams(search).get(NEXT_PARAM))
}
