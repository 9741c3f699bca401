/**
 * @module procurement-route
 * Procurement routes a joint procurement can take (Procurement Act 2023 terms) and the default lead time, in
 * months, from starting the work to a new contract being live. Kept apart so plans and renewal rules share it.
 */
import { z } from 'zod'
import { fail, ok } from './result.ts'
import type { Result } from './result.ts'

/** The routes we plan for. */
export const PROCUREMENT_ROUTES = [
  'framework-direct-award',
  'framework-further-competition',
  'dynamic-market',
  'open-procedure',
  'competitive-flexible-procedure',
] as const

/** Schema for a procurement route. */
export const ProcurementRouteSchema = z.enum(PROCUREMENT_ROUTES)
/** A procurement route. */
export type ProcurementRoute = (typeof PROCUREMENT_ROUTES)[number]

/** Lead time in whole months per route. */
export type LeadTimes = Readonly<Record<ProcurementRoute, number>>

/**
 * Default lead times: months from starting a joint procurement to contract start, including agreeing a common
 * specification across bodies, each body's approvals, market engagement, the tender itself, evaluation, the
 * 8-working-day standstill and mobilisation. Reasoning per route is in docs/domain.md. Editable per board.
 */
export const DEFAULT_LEAD_TIME_MONTHS: LeadTimes = {
  'framework-direct-award': 3,
  'framework-further-competition': 6,
  'dynamic-market': 6,
  'open-procedure': 9,
  'competitive-flexible-procedure': 12,
}

/** Longest lead time we accept (5 years); anything beyond is a typo. */
export const MAX_LEAD_TIME_MONTHS = 60

/** Checks every lead time is a whole number of months from 0 to `MAX_LEAD_TIME_MONTHS`. */
export function validateLeadTimes(leadTimes: LeadTimes): Result<LeadTimes> {
  for (const route of PROCUREMENT_ROUTES) {
    const m = leadTimes[route]
    if (!Number.isInteger(m) || m < 0 || m > MAX_LEAD_TIME_MONTHS) {
      return fail('invalid-settings', `lead time for ${route} is ${String(m)} months; it must be a whole number from 0 to ${MAX_LEAD_TIME_MONTHS}`)
    }
  }
  return ok(leadTimes)
}
