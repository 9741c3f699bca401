/**
 * Which web origins may use the session cookie on a websocket upgrade (cross-site WebSocket hijacking defence).
 * Browsers attach cookies to a websocket handshake from any page and the same-origin policy does not apply to
 * websockets, so the server must check the Origin header itself (RFC 6455 §10.2).
 */

export type OriginVerdict = { ok: true } | { ok: false; message: string }

/**
 * Build the check. An origin is allowed when it is Pooled's own (its host, with port, equals the request's Host
 * header; http or https, since TLS is ended by a proxy in front of Pooled) or when it is in `allowedOrigins`
 * (already normalised by server/config.ts). A missing Origin, an opaque one ("null") or anything else is refused.
 */
export function createOriginCheck(allowedOrigins: readonly string[]): (origin: string | undefined, host: string | undefined) => OriginVerdict {
  const allowed = new Set(allowedOrigins)
  return (origin, host) => {
    if (origin === undefined || origin === '') return { ok: false, message: 'a browser session needs an Origin header' }
    let url: URL
    try {
      url = new URL(origin)
    } catch {
      // reason: "null" and other non-URL origins are refused below
      return { ok: false, message: `origin ${JSON.stringify(origin)} is not allowed` }
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, message: `origin ${JSON.stringify(origin)} is not allowed` }
    if (allowed.has(url.origin)) return { ok: true }
    if (host !== undefined && host !== '' && sameHost(url, host)) return { ok: true }
    return { ok: false, message: `origin ${url.origin} is not allowed (set ALLOWED_ORIGINS to let another site in)` }
  }
}

/** The Host header read with the origin's scheme, so `pooled.test:443` equals `https://pooled.test`. */
function sameHost(origin: URL, host: string): boolean {
  try {
    return new URL(`${origin.protocol}//${host}`).host === origin.host
  } catch {
    // reason: a malformed Host header matches nothing
    return false
  }
}
