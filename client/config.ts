/** Client configuration: the only reader of `import.meta.env`. Everything defaults to the page's own origin. */

export interface ClientConfig {
  /** Base URL for REST calls, without a trailing slash ('' means same origin). */
  readonly apiBase: string
  /** Base URL for the y-websocket provider; the board id is appended as a path segment. */
  readonly wsBase: string
  /** tldraw licence key; optional in development (http or loopback), required before a production deployment. */
  readonly tldrawLicenseKey: string | undefined
}

function readString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function defaultWsBase(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${location.host}/sync`
}

function loadConfig(): ClientConfig {
  const env = import.meta.env
  return Object.freeze({
    apiBase: (readString(env['VITE_API_BASE']) ?? '').replace(/\/+$/, ''),
    wsBase: (readString(env['VITE_WS_BASE']) ?? defaultWsBase()).replace(/\/+$/, ''),
    tldrawLicenseKey: readString(env['VITE_TLDRAW_LICENSE_KEY']),
  })
}

export const config: ClientConfig = loadConfig()
