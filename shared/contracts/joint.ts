/**
 * @module joint
 * Recognises genuinely joint procurements among notices, each with its evidence (field and quoted words), and records
 * why a notice that looks shared is not joint: framework or DPS call-offs, "open for use by other authorities" clauses,
 * co-funding with a private partner, and one body contracting alone for a shared service. Pure: no I/O.
 */
import {
  decodeNoticeText,
  isPublicBodyName,
  normaliseBodyName,
  protectCompoundNames,
  restoreCompoundNames,
} from './public-body-name.ts'

/** A party of an OCDS release. */
export interface JointNoticeParty {
  readonly name: string
  readonly roles: readonly string[]
}

/** What joint detection needs from a notice; one per notice per file it was found in. */
export interface JointNoticeInput {
  readonly id: string
  readonly title?: string | undefined
  readonly description?: string | undefined
  /** The body whose feed or file the notice came from (Contracts Finder extract: the council of the file). */
  readonly publisher?: string | undefined
  /** The buyer's name as published (`organisation`, `buyer.name`); may name several bodies. */
  readonly buyer?: string | undefined
  readonly parties?: readonly JointNoticeParty[] | undefined
}

/** Which rule found a body: buyer parties, the buyer name, the same notice under two publishers, or wording. */
export type JointEvidenceKind = 'buyer-parties' | 'buyer-name' | 'same-notice-publishers' | 'on-behalf-of' | 'named-together'

/** Where the words are. */
export type NoticeField = 'buyers' | 'publisher' | 'title' | 'description'

/** One piece of evidence: which rule, which field, and the words that show it. */
export interface JointEvidence {
  readonly kind: JointEvidenceKind
  readonly field: NoticeField
  readonly quote: string
}

/** A joint procurement: one notice id (deduplicated across files), the distinct public bodies and the evidence. */
export interface JointProcurement {
  readonly noticeIds: readonly string[]
  readonly title: string
  readonly bodies: readonly string[]
  readonly evidence: readonly JointEvidence[]
}

/** Why a notice was judged not joint. */
export type NotJointReason =
  | 'framework-call-off'
  | 'dps-call-off'
  | 'open-for-use-clause'
  | 'co-funding'
  | 'shared-service-one-contractor'
  | 'other-party-not-public-body'

/** A notice that was looked at and judged not joint, with the words that decided it. */
export interface NotJointFinding {
  readonly noticeIds: readonly string[]
  readonly title: string
  readonly reason: NotJointReason
  readonly field: NoticeField
  readonly quote: string
}

/** Result of {@link findJointProcurements}. */
export interface JointDetection {
  readonly procurements: readonly JointProcurement[]
  readonly rejections: readonly NotJointFinding[]
}

interface Marker { reason: NotJointReason; field: NoticeField; quote: string; sentence: number }

// Wording that marks a notice as not joint. Order is precedence when several are present.
const MARKERS: readonly { reason: NotJointReason; pattern: RegExp }[] = [
  { reason: 'shared-service-one-contractor', pattern: /\bhosts? (?:a |the )?shared\b[^.]*?\bservices?\b/i },
  { reason: 'shared-service-one-contractor', pattern: /\b(?:hosted|run|managed|administered|provided|delivered) on behalf of\b[^.]*?\bby\b[^.]*/i },
  { reason: 'shared-service-one-contractor', pattern: /\bon behalf of (?:the )?(?:h\.?\s?m\.?\s)?coroner\b[^.]*/i },
  {
    reason: 'open-for-use-clause',
    pattern: /\b(?:open (?:for|to) (?:use|access) by|(?:may|can|will be able to) (?:be )?(?:used|accessed|access|use|call off)\b[^.]*?\bby (?:other|any)|available (?:for use )?(?:to|by) (?:other|all|any) (?:other )?(?:public|contracting|local|authorities|councils|bodies)|other (?:public sector )?(?:contracting )?(?:authorities|bodies) (?:may|can|will be able to) (?:access|use|call)|any contracting authority\b[^.]*?\bentitled to)[^.]*/i,
  },
  { reason: 'dps-call-off', pattern: /(?:\b[^.]{0,60})?\b(?:[Dd]ynamic [Pp]urchasing [Ss]ystem|DPS)\b[^.]*/ },
  { reason: 'framework-call-off', pattern: /\b(?:call(?:ing|ed)?[- ]?off|further competition|direct award|mini[- ]competition)\b[^.]*?\bframework\b[^.]*/i },
  { reason: 'framework-call-off', pattern: /\bframework\b[^.]*?\b(?:call[- ]?off|further competition|direct award|mini[- ]competition)\b[^.]*/i },
  { reason: 'framework-call-off', pattern: /\b(?:via|through|using|under|from|off) (?:the |a |an )?(?:[A-Z0-9][\w'&-]*\s+){1,6}framework\b[^.]*/ },
  { reason: 'framework-call-off', pattern: /\b(?:YPO|ESPO|CCS|NEPO|NHC|Crown Commercial Service|Fusion21|Procure Partnerships|Sport England)\b[^.]*?\bframework\b[^.]*|\bframework\b[^.]*?\bRM\s?\d{3,4}\b[^.]*/ },
  { reason: 'co-funding', pattern: /\b(?:joint venture|private sector partner|co-?funded|jointly funded|match[- ]funded|funding partners?|sponsorship)\b[^.]*/i },
]

// Wording that names bodies a procurement is for. Each captures the list of names that follows.
const FOLLOWING_LIST_TRIGGERS: readonly { kind: JointEvidenceKind; pattern: RegExp; isLoose?: boolean }[] = [
  { kind: 'on-behalf-of', pattern: /\b(?:(?:acting |for and )?on behalf of|let on behalf of|procured on behalf of)\s+/gi },
  {
    kind: 'named-together',
    pattern: /\b(?:jointly with|together with|in partnership with|in collaboration with|(?:a |the )?shared (?:\w+ ){0,3}?service with|joint (?:procurement|tender|exercise)(?: exercise)?(?: undertaken| led| run| carried out)? by|jointly (?:commissioned|procured|tendered) by|collaborative procurement (?:between|by)|between|across)\s+/gi,
  },
  // "for Chorley Council and South Ribble Borough Council": names bodies, but "for" also heads every title, so the
  // other parties it names ("for the Provision of…") are not counted as a reason.
  { kind: 'named-together', pattern: /\bfor\s+(?:the\s+)?(?:fleets? of\s+)?(?=[A-Z])/g, isLoose: true },
  { kind: 'named-together', pattern: /\band the (?:fleets?|mayors?|residents|tenants) of\s+/gi },
]

// A list of names ends at a clause boundary or a verb.
const LIST_END = /[.;:|()]|\s(?:to|is|are|has|have|had|for|who|which|that|will|were|was|within|across|under|in|as|at|by|from|on|with|jointly|wish\w*|seek\w*|invit\w*|require\w*|intend\w*|propos\w*|conduct\w*|award\w*|looking|-|–)\s/i

// A list of names at the start of a sentence, before a plural verb: "Blackpool Council and NHS Blackpool jointly commission".
const SUBJECT_LIST = /^(.{3,220}?)\s+(?:are|have|were|jointly|wish|will jointly|both|invited|sought|awarded|commissioned|procured|tendered|appointed|[Ss]hared)\b/

function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z*"'])|\s*\|\s*/).map((s) => s.trim()).filter((s) => s !== '')
}

/** Splits "A, B and C Borough Councils" into bodies, carrying a plural designator back onto bare place names. */
function bodiesInList(list: string): string[] {
  return partiesInList(list).bodies
}

/** The public bodies in a list, and how many other parties (companies, partnerships, boards) it names. */
function partiesInList(list: string): { bodies: string[]; others: number } {
  const pieces = protectCompoundNames(list)
    .split(/\s*,\s*|\s+and\s+|\s*&\s*|\s+comprising\s+|\s+including\s+|\s+namely\s+/i)
    .map((p) => p.trim().replace(/^(?:(?:the|its|their|our|both|all|each)\s+)+/i, ''))
    .filter((p) => p !== '')
  const last = pieces[pieces.length - 1] ?? ''
  const plural = /\b((?:Borough |City |County |District )?Council)s$/i.exec(last)
  const out: string[] = []
  let others = 0
  for (const raw of pieces) {
    let piece = raw
    if (plural !== null && plural[1] !== undefined) {
      if (piece === last) piece = piece.slice(0, -1)
      else if (/^[A-Z][\w\u2060'-]*(?:\s[A-Z][\w\u2060'-]*)?$/.test(piece)) piece = `${piece} ${plural[1]}`
    }
    const name = properNameAtEnd(piece)
    if (name !== null && isPublicBodyName(name)) out.push(name)
    else if (name !== null && ORGANISATION_LIKE.test(name)) others += 1
  }
  return { bodies: out, others }
}

// A named party that is an organisation but not a public body: a company, a partnership, a council-owned housing company.
const ORGANISATION_LIKE = /\b(?:ltd|limited|plc|llp|cic|company|partnership|housing|trust|group|association|bondholders|community|academy|college|board|charity|venture)\b|^[A-Z]{2,5}$/i

const NAME_CONNECTORS = new Set(['of', 'upon', 'on', 'le', 'with', 'in'])

/**
 * The proper name a list piece ends with: the last run of capitalised words (and "of", "upon"…), less an office or
 * place prefix ("Mayor of", "Boundaries of the"). "the fleet of Rossendale Borough Council" → "Rossendale Borough Council";
 * a bare "Council" (the buyer speaking of itself) → null.
 */
function properNameAtEnd(piece: string): string | null {
  const words = piece.split(/\s+/).filter((w) => w !== '')
  let i = words.length
  while (i > 0) {
    const w = words[i - 1]!
    if (/^[A-Z0-9]/.test(w) || NAME_CONNECTORS.has(w)) i -= 1
    else if (w === 'the' && i < words.length && i >= 2 && NAME_CONNECTORS.has(words[i - 2]!)) i -= 1
    else break
  }
  let run = words.slice(i)
  while (run.length > 0 && (NAME_CONNECTORS.has(run[0]!) || run[0] === 'the')) run = run.slice(1)
  let name = restoreCompoundNames(run.join(' ')).trim()
  const prefixed = /^(?:[A-Z][\w'-]*\s+){1,3}of\s+(?:the\s+)?(.+)$/.exec(name)
  if (prefixed?.[1] !== undefined && isPublicBodyName(prefixed[1])) name = prefixed[1]
  if (/^(?:the\s+)?(?:borough |city |county |district )?(?:council|authority|trust)$/i.test(name)) return null
  return name === '' ? null : name
}

function cutList(afterTrigger: string): string {
  const m = LIST_END.exec(` ${afterTrigger} `)
  const list = m === null ? afterTrigger : afterTrigger.slice(0, Math.max(0, m.index - 1))
  // A year or reference after the names: "for Blackpool and Wyre Councils 2024".
  return list.replace(/[\s,]+\d[\d/-]*\s*$/, '').trim()
}

function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`
}

interface Named { names: string[]; others: number; evidence: JointEvidence; sentence: number }

/** Bodies named in one field's wording, sentence by sentence. */
function namedInWording(text: string, field: NoticeField): Named[] {
  const found: Named[] = []
  splitSentences(text).forEach((raw, sentence) => {
    const s = raw.replace(/\s*\([^)]*\)/g, '').replace(/\*+/g, '')
    for (const { kind, pattern, isLoose } of FOLLOWING_LIST_TRIGGERS) {
      for (const m of s.matchAll(pattern)) {
        const list = cutList(s.slice(m.index + m[0].length))
        const parties = partiesInList(list)
        const names = parties.bodies
        const others = isLoose === true ? 0 : parties.others
        if (names.length > 0 || others > 0) found.push({ names, others, sentence, evidence: { kind, field, quote: clip(`${m[0]}${list}`.trim()) } })
      }
    }
    const subject = SUBJECT_LIST.exec(s)
    if (subject !== null && subject[1] !== undefined && /,|\sand\s|&/.test(subject[1])) {
      const { bodies: names, others } = partiesInList(subject[1])
      if (names.length > 0) found.push({ names, others, sentence, evidence: { kind: 'named-together', field, quote: clip(subject[0]) } })
    }
  })
  return found
}

function markersIn(text: string, field: NoticeField): Marker[] {
  const out: Marker[] = []
  splitSentences(text).forEach((s, sentence) => {
    for (const { reason, pattern } of MARKERS) {
      const m = pattern.exec(s)
      if (m !== null) out.push({ reason, field, quote: clip(m[0].trim()), sentence })
    }
  })
  return out
}

/** Keeps the first spelling of each distinct body. */
function addBody(bodies: Map<string, string>, name: string): void {
  const key = normaliseBodyName(name)
  if (key !== '' && !bodies.has(key)) bodies.set(key, decodeNoticeText(name))
}

/** Judges one notice (all copies of one id). */
function judge(copies: readonly JointNoticeInput[]): { joint?: JointProcurement; rejection?: NotJointFinding } {
  const first = copies[0]!
  const noticeIds = [first.id]
  const title = decodeNoticeText(first.title ?? '')
  const bodies = new Map<string, string>()
  const evidence: JointEvidence[] = []

  // The buyer (or several written as one name), else the publisher, is the body the notice belongs to.
  const buyerNames = new Map<string, string>()
  for (const c of copies) {
    if (c.buyer !== undefined && c.buyer.trim() !== '') {
      const split = bodiesInList(decodeNoticeText(c.buyer))
      for (const n of split.length > 0 ? split : [c.buyer]) addBody(buyerNames, n)
    }
  }
  if (buyerNames.size >= 2) evidence.push({ kind: 'buyer-name', field: 'buyers', quote: decodeNoticeText(copies.find((c) => c.buyer)?.buyer ?? '') })
  for (const n of buyerNames.values()) addBody(bodies, n)

  const partyBuyers = new Map<string, string>()
  for (const c of copies) {
    for (const p of c.parties ?? []) {
      if (p.roles.some((r) => r === 'buyer' || r === 'procuringEntity') && p.name.trim() !== '') addBody(partyBuyers, p.name)
    }
  }
  if (partyBuyers.size >= 2) evidence.push({ kind: 'buyer-parties', field: 'buyers', quote: [...partyBuyers.values()].join('; ') })
  for (const n of partyBuyers.values()) addBody(bodies, n)

  const publishers = new Map<string, string>()
  for (const c of copies) if (c.publisher !== undefined && c.publisher.trim() !== '') addBody(publishers, c.publisher)
  if (publishers.size >= 2) evidence.push({ kind: 'same-notice-publishers', field: 'publisher', quote: `published by ${[...publishers.values()].join(' and ')}` })
  for (const n of publishers.values()) if (bodies.size === 0 || publishers.size >= 2) addBody(bodies, n)

  const fields: readonly [NoticeField, string][] = [
    ['title', title],
    ['description', decodeNoticeText(first.description ?? '')],
  ]
  const markers: Marker[] = []
  let sawWording: JointEvidence | null = null
  for (const [field, text] of fields) {
    const fieldMarkers = markersIn(text, field)
    markers.push(...fieldMarkers)
    // A shared service one body runs and contracts for alone: its sentence names the other bodies but is not joint evidence.
    const sharedServiceSentences = new Set(fieldMarkers.filter((m) => m.reason === 'shared-service-one-contractor').map((m) => m.sentence))
    for (const named of namedInWording(text, field)) {
      if (sharedServiceSentences.has(named.sentence)) continue
      // Wording that names another party that is not a public body (a council company, a partnership) is worth a reason.
      if (named.others > 0) sawWording ??= named.evidence
      const before = bodies.size
      const newNames = named.names.filter((n) => ![...bodies.keys()].includes(normaliseBodyName(n)))
      for (const n of named.names) addBody(bodies, n)
      if (bodies.size > before || (newNames.length === 0 && named.names.length >= 2)) evidence.push(named.evidence)
    }
  }

  if (bodies.size >= 2 && evidence.length > 0) {
    return { joint: { noticeIds, title, bodies: [...bodies.values()], evidence } }
  }
  const precedence = MARKERS.map((m) => m.reason)
  markers.sort((a, b) => precedence.indexOf(a.reason) - precedence.indexOf(b.reason))
  const marker = markers[0]
  if (marker !== undefined) return { rejection: { noticeIds, title, reason: marker.reason, field: marker.field, quote: marker.quote } }
  if (sawWording !== null) return { rejection: { noticeIds, title, reason: 'other-party-not-public-body', field: sawWording.field, quote: sawWording.quote } }
  return {}
}

/**
 * Finds the joint procurements among notices. Notices with the same id (the same notice in two bodies' files) are
 * one procurement. A notice is joint when it has two or more distinct public bodies (by {@link normaliseBodyName})
 * and evidence that they buy together: two buyer parties (role buyer or procuringEntity), a buyer name that names two
 * bodies, the same notice under two publishers, or wording that names the others ("on behalf of Chorley Council and
 * South Ribble Borough Council", "Blackpool Council and Wyre Council are…", "jointly with", "a shared service with Fylde").
 *
 * Not joint, with the reason recorded: framework or DPS call-offs, "open for use by other authorities" clauses,
 * co-funding with a private partner, and one body contracting alone for a shared service it hosts ("hosts a shared
 * Revenues and Benefits Service for Blackpool and Fylde", "on behalf of HM Coroner"); wording that names no other
 * party that is not a public body (a council company, a partnership) is recorded as `other-party-not-public-body`. A call-off that itself names two or more bodies buying together
 * is joint: the framework is how they bought, not who bought.
 */
export function findJointProcurements(notices: readonly JointNoticeInput[]): JointDetection {
  const byId = new Map<string, JointNoticeInput[]>()
  for (const n of notices) {
    const list = byId.get(n.id)
    if (list === undefined) byId.set(n.id, [n])
    else list.push(n)
  }
  const procurements: JointProcurement[] = []
  const rejections: NotJointFinding[] = []
  for (const copies of byId.values()) {
    const { joint, rejection } = judge(copies)
    if (joint !== undefined) procurements.push(joint)
    if (rejection !== undefined) rejections.push(rejection)
  }
  return { procurements, rejections }
}
