/** The one mapping from account-rule failures (server/auth) to HTTP errors. */
import { ErrorCode } from '../../shared/schema/api'
import { assertNever } from '../../shared/domain/result'
import type { AuthError } from '../auth/auth-error'
import { AppError } from './errors'

export function authErrorToAppError(error: AuthError): AppError {
  switch (error.code) {
    case 'invite-not-found':
      return new AppError(404, ErrorCode.NotFound, error.message)
    case 'invite-no-longer-valid':
      return new AppError(410, ErrorCode.Conflict, error.message)
    case 'invite-target-gone':
      return new AppError(404, ErrorCode.NotFound, error.message)
    case 'already-in-an-organisation':
    case 'email-taken':
    case 'organisation-exists':
      return new AppError(409, ErrorCode.Conflict, error.message)
    case 'signup-invite-only':
      return new AppError(403, ErrorCode.Forbidden, error.message)
    case 'organisation-required':
      return new AppError(400, ErrorCode.ValidationFailed, error.message, error.details)
    default:
      return assertNever(error.code, 'auth error code')
  }
}
