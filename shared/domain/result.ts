/**
 * @module result
 * Expected failures as values: `Result<T, DomainError>` with a closed union of error codes, plus `assertNever`
 * for exhaustive switches. Domain rules return these instead of throwing for bad input.
 */

/** Every code a domain rule can fail with. Closed: add a code here (and to docs/domain.md) before returning it. */
export type DomainErrorCode =
  | 'invalid-id'
  | 'invalid-money'
  | 'money-precision'
  | 'unsafe-integer'
  | 'currency-mismatch'
  | 'invalid-date'
  | 'invalid-score'
  | 'invalid-thresholds'
  | 'invalid-settings'
  | 'invalid-category'
  | 'missing-supply-risk'
  | 'no-header-row'
  | 'unsupported-file'

/** A failed domain rule: which rule (code), a message naming the entity, limit and value, and optional detail. */
export interface DomainError {
  readonly code: DomainErrorCode
  readonly message: string
  readonly details?: unknown
}

/** Success carrying a value. */
export interface Ok<T> {
  readonly ok: true
  readonly value: T
}

/** Failure carrying an error. */
export interface Err<E> {
  readonly ok: false
  readonly error: E
}

/** The outcome of a rule that can fail for expected reasons. */
export type Result<T, E = DomainError> = Ok<T> | Err<E>

/** Wraps a value as a success. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value }
}

/** Wraps an error as a failure. */
export function err<E>(error: E): Err<E> {
  return { ok: false, error }
}

/** Builds a failed `Result` with a `DomainError`. */
export function fail(code: DomainErrorCode, message: string, details?: unknown): Err<DomainError> {
  return err(details === undefined ? { code, message } : { code, message, details })
}

/** Applies `f` to a success value; failures pass through unchanged. */
export function mapResult<T, U, E>(result: Result<T, E>, f: (value: T) => U): Result<U, E> {
  return result.ok ? ok(f(result.value)) : result
}

/** Chains a rule that can itself fail. */
export function andThen<T, U, E>(result: Result<T, E>, f: (value: T) => Result<U, E>): Result<U, E> {
  return result.ok ? f(result.value) : result
}

/** Returns the success value or `fallback`. */
export function unwrapOr<T, E>(result: Result<T, E>, fallback: T): T {
  return result.ok ? result.value : fallback
}

/**
 * Returns the success value, throwing on failure. Only for values known to be valid (constants, tests):
 * a throw here is a bug, never an expected failure.
 */
export function unwrap<T>(result: Result<T, DomainError>): T {
  if (result.ok) return result.value
  throw new Error(`unwrap of failed result: ${result.error.code}: ${result.error.message}`)
}

/** Collects results: the first failure wins, otherwise all values in order. */
export function collectResults<T, E>(results: readonly Result<T, E>[]): Result<T[], E> {
  const values: T[] = []
  for (const r of results) {
    if (!r.ok) return r
    values.push(r.value)
  }
  return ok(values)
}

/** Exhaustiveness check for switches over unions; reaching it is a bug. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`)
}
