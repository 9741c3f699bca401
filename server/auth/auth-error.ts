/**
 * Expected failures of the account rules (invites, sign-up), as values: a code from a closed set and a message for
 * the person. server/http maps each code to its HTTP status in one place (http/auth-errors.ts).
 */
import { err, type Err } from '../../shared/domain/result'

export type AuthErrorCode =
  /** No invite with this token, or one of another kind. */
  | 'invite-not-found'
  /** The invite was revoked or has expired. */
  | 'invite-no-longer-valid'
  /** What the invite was for (a board, an organisation) no longer exists. */
  | 'invite-target-gone'
  /** A person already in an organisation used another organisation's invite. */
  | 'already-in-an-organisation'
  | 'signup-invite-only'
  | 'email-taken'
  | 'organisation-required'
  | 'organisation-exists'

export interface AuthError {
  readonly code: AuthErrorCode
  readonly message: string
  readonly details?: unknown
}

export function authError(code: AuthErrorCode, message: string, details?: unknown): Err<AuthError> {
  return err(details === undefined ? { code, message } : { code, message, details })
}
