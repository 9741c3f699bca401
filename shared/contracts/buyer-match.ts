/**
 * @module buyer-match
 * Whose contract is it: the rule that matches a buyer name as published ("CHORLEY BOROUGH COUNCIL", "Hyndburn Borough
 * Council Environmental Services") to a Pooled organisation by name, and how a person's decisions (confirmed or
 * rejected) override it. Pure: the server stores decisions and calls these functions.
 */
import { decodeNoticeText, isPublicBodyName, normaliseBodyName, protectCompoundNames, restoreCompoundNames, sameBody } from './public-body-name.ts'

/** A Pooled organisation as far as matching needs it. */
export interface MatchableOrg {
  readonly id: string
  readonly name: string
}

/** A person's decision about one buyer name (by {@link buyerKey}) and one organisation. */
export interface BuyerDecision {
  readonly buyerKey: string
  readonly orgId: string
  readonly status: 'confirmed' | 'rejected'
}

/** How one buyer name stands against one organisation. */
export interface BuyerOrgStatus {
  readonly status: 'confirmed' | 'suggested' | 'rejected' | 'none'
  /** In words: "same body as Chorley Council", "confirmed by a person". */
  readonly reason: string
}

/** Which organisation a buyer name belongs to, and how sure. */
export interface BuyerResolution {
  readonly orgId: string | null
  readonly match: 'confirmed' | 'suggested' | 'none'
  readonly reason: string
}

/**
 * The key a decision is stored under: the name as written, entities decoded, whitespace folded, lower case. Case
 * variants share a key; different wordings ("Chorley Council", "Chorley Borough Council") do not, so rejecting one
 * wording never rejects another.
 */
export function buyerKey(name: string): string {
  return decodeNoticeText(name).toLowerCase()
}

/**
 * Splits a buyer name that names several public bodies ("Chorley Council and South Ribble Borough Council",
 * "Blackpool Council & Wyre Council") into its bodies. A name that is one body, or pieces that are not all public
 * bodies ("Parks and Open Spaces Council Department"), comes back whole. Compound places ("Blackburn with Darwen",
 * "Fire and Rescue") are never cut.
 */
export function splitBuyerNames(buyer: string): string[] {
  const text = decodeNoticeText(buyer)
  if (text === '') return []
  const pieces = protectCompoundNames(text)
    .split(/\s*[,;]\s*|\s+and\s+|\s*&\s*/i)
    .map((p) => restoreCompoundNames(p).trim().replace(/^the\s+/i, ''))
    .filter((p) => p !== '')
  if (pieces.length >= 2 && pieces.every((p) => isPublicBodyName(p))) return pieces
  return [text]
}

/** Why a name rule says `buyer` is `org`, or null when it does not. */
export function nameMatchReason(buyer: string, org: MatchableOrg): string | null {
  if (sameBody(buyer, org.name)) {
    return buyerKey(buyer) === buyerKey(org.name) ? `the name of ${org.name}` : `same body as ${org.name}`
  }
  // An organisation named by its place alone ("Chorley") matches that place's council ("Chorley Borough Council").
  const orgKey = normaliseBodyName(org.name)
  if (orgKey !== '' && !/\s(?:council|authority|trust|police|service|university|icb|ccg)$/.test(orgKey) && normaliseBodyName(buyer) === `${orgKey} council`) {
    return `the council of ${org.name}`
  }
  return null
}

/** Where one buyer name stands against one organisation: a person's decision first, else the name rule. */
export function buyerStatusFor(buyer: string, org: MatchableOrg, decisions: readonly BuyerDecision[]): BuyerOrgStatus {
  const key = buyerKey(buyer)
  const decision = decisions.find((d) => d.buyerKey === key && d.orgId === org.id)
  if (decision !== undefined) {
    return decision.status === 'confirmed' ? { status: 'confirmed', reason: `confirmed as ${org.name} by a person` } : { status: 'rejected', reason: `rejected as ${org.name} by a person` }
  }
  // A name a person confirmed as another organisation is not suggested for this one.
  if (decisions.some((d) => d.buyerKey === key && d.status === 'confirmed')) return { status: 'none', reason: 'confirmed as another organisation' }
  const reason = nameMatchReason(buyer, org)
  return reason === null ? { status: 'none', reason: '' } : { status: 'suggested', reason }
}

/**
 * The organisation a buyer name belongs to: the one a person confirmed, else the first organisation (in the order
 * given) the name rule suggests and nobody rejected for it, else none.
 */
export function resolveBuyer(buyer: string, orgs: readonly MatchableOrg[], decisions: readonly BuyerDecision[]): BuyerResolution {
  const key = buyerKey(buyer)
  const confirmed = decisions.find((d) => d.buyerKey === key && d.status === 'confirmed' && orgs.some((o) => o.id === d.orgId))
  if (confirmed !== undefined) {
    const org = orgs.find((o) => o.id === confirmed.orgId)!
    return { orgId: org.id, match: 'confirmed', reason: `confirmed as ${org.name} by a person` }
  }
  for (const org of orgs) {
    const status = buyerStatusFor(buyer, org, decisions)
    if (status.status === 'suggested') return { orgId: org.id, match: 'suggested', reason: status.reason }
  }
  return { orgId: null, match: 'none', reason: 'no organisation of this Pooled has this name' }
}
