/**
 * Server configuration: the only reader of `process.env`. Parsed once at start with zod; every variable has a default,
 * and a bad value fails at boot naming the variable. The README and `.env.example` list the same variables.
 */
import { z } from 'zod'

const intFromEnv = (name: string, def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return def
      const value = Number(raw)
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be an integer between ${min} and ${max}, got "${raw}"` })
        return z.NEVER
      }
      return value
    })

/**
 * A comma-separated list of web origins (`scheme://host[:port]`, no path), normalised the way browsers send them
 * in the Origin header (lower-case host, default port dropped).
 */
const originsFromEnv = (name: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const origins: string[] = []
      for (const item of (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
        let url: URL | null = null
        try {
          url = new URL(item)
        } catch {
          // reason: reported below as not an origin
        }
        const isOrigin = url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && `${url.origin}/` === url.href
        if (!url || !isOrigin) {
          ctx.addIssue({ code: 'custom', message: `${name} must list origins like https://pooled.example.org (scheme and host, optional port, no path), got "${item}"` })
          return z.NEVER
        }
        origins.push(url.origin)
      }
      return Object.freeze(origins)
    })

const ConfigSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intFromEnv('PORT', 8787, 0, 65535),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STATIC_ROOT: z.string().min(1).default('./dist'),
  MAX_MESSAGE_BYTES: intFromEnv('MAX_MESSAGE_BYTES', 16 * 1024 * 1024, 1024, 256 * 1024 * 1024),
  MAX_PENDING_BYTES: intFromEnv('MAX_PENDING_BYTES', 64 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
  MAX_DOC_BYTES: intFromEnv('MAX_DOC_BYTES', 256 * 1024 * 1024, 64 * 1024, 2 * 1024 * 1024 * 1024),
  COMPACT_AFTER_UPDATES: intFromEnv('COMPACT_AFTER_UPDATES', 2000, 1, 10_000_000),
  COMPACT_WHEN_QUIET_MS: intFromEnv('COMPACT_WHEN_QUIET_MS', 2000, 0, 3600_000),
  ROOM_IDLE_UNLOAD_MS: intFromEnv('ROOM_IDLE_UNLOAD_MS', 30_000, 0, 24 * 3600_000),
  WS_PING_INTERVAL_MS: intFromEnv('WS_PING_INTERVAL_MS', 30_000, 1000, 3600_000),
  AWARENESS_FLUSH_MS: intFromEnv('AWARENESS_FLUSH_MS', 30, 0, 1000),
  HELD_UPDATE_TIMEOUT_MS: intFromEnv('HELD_UPDATE_TIMEOUT_MS', 15_000, 100, 600_000),
  SHUTDOWN_GRACE_MS: intFromEnv('SHUTDOWN_GRACE_MS', 5000, 0, 120_000),
  TLDRAW_LICENSE_KEY: z.string().optional(),
  SIGNUP_MODE: z.enum(['open', 'invite-only']).default('open'),
  ALLOWED_ORIGINS: originsFromEnv('ALLOWED_ORIGINS'),
  /** Largest spend file accepted in one upload (a metropolitan council's year is about 60 MB). */
  MAX_UPLOAD_BYTES: intFromEnv('MAX_UPLOAD_BYTES', 256 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
  /** Largest contract file accepted in one upload (a county's register is about 2 MB; read in memory). */
  CONTRACTS_MAX_UPLOAD_BYTES: intFromEnv('CONTRACTS_MAX_UPLOAD_BYTES', 32 * 1024 * 1024, 1024, 256 * 1024 * 1024),
})

export type Config = Readonly<z.infer<typeof ConfigSchema>>

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] }

/** Parse configuration from an environment map (defaults to `process.env`). Never throws. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  const picked: Record<string, string | undefined> = {}
  for (const key of Object.keys(ConfigSchema.shape)) picked[key] = env[key] === '' ? undefined : env[key]
  const parsed = ConfigSchema.safeParse(picked)
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const name = issue.path.join('.')
        return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`
      }),
    }
  }
  return { ok: true, config: Object.freeze(parsed.data) }
}

/** A configuration for tests: defaults plus overrides, no environment read. */
export function testConfig(overrides: Partial<Record<keyof z.infer<typeof ConfigSchema>, string>> = {}): Config {
  const result = loadConfig({ LOG_LEVEL: 'silent', ...overrides })
  if (!result.ok) throw new Error(`invalid test config: ${result.errors.join('; ')}`)
  return result.config
}
