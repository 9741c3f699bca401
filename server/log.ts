/**
 * The root logger (pino, JSON). Modules take a child with bindings (`module`, `boardId`, `connId`, `requestId`).
 * Never log document contents, spend figures, tokens or personal data: ids and sizes only.
 */
import { pino, type Logger } from 'pino'

export type { Logger }

/** Create the root logger. `silent` for tests. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'pooled' }, timestamp: pino.stdTimeFunctions.isoTime })
}

/** A logger that drops everything, for tests. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' })
}
