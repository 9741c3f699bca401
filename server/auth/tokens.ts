/** Opaque secrets (session tokens, invite tokens): 256 random bits, stored only as a SHA-256 hash. */
import { createHash, randomBytes } from 'node:crypto'

export const newSecretToken = (): string => randomBytes(32).toString('base64url')
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url')
