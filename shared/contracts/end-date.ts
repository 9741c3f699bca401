/**
 * @module end-date
 * Estimates when a contract ends when its notice gives no end date (the Contracts Finder extract has award dates only):
 * from a stated end date, from the term written in the title or description ("for a period of 3 years", "3+1+1",
 * "until 31 March 2027"), or else from a typical term for the notice's CPV division. Pure: no clock, no I/O.
 */
import { addDays, addMonths, isValidIsoDate } from '../domain/dates.ts'
import type { IsoDate } from '../domain/dates.ts'

/** What the estimate needs from a notice. Defined here so readers of any layout can feed it. */
export interface EndDateInput {
  readonly title?: string | undefined
  readonly description?: string | undefined
  /** Award date: the start when nothing better is known. */
  readonly awardDate?: IsoDate | null | undefined
  /** A start date the notice states (contractPeriod.startDate, register "start"). */
  readonly startDate?: IsoDate | null | undefined
  /** An end date the notice states (contractPeriod.endDate, register "end"). */
  readonly endDate?: IsoDate | null | undefined
  /** CPV codes, most specific first as published; with or without check digits. */
  readonly cpvCodes?: readonly string[] | undefined
}

/** How the end was found: a date the notice states, a term in its wording, a typical term for its CPV division, or nothing. */
export type EndDateBasisKind = 'stated' | 'wording' | 'cpv-typical' | 'unknown'

/** The evidence behind an end date. */
export interface EndDateBasis {
  readonly kind: EndDateBasisKind
  /** The words that show it (a field name and value for a stated field, the phrase for wording, the table row for CPV). */
  readonly quote: string
  /** Two-digit CPV division used for a `cpv-typical` estimate. */
  readonly cpvGroup?: string
  /** Where the start came from when the end was counted from a start. */
  readonly start?: { readonly date: IsoDate; readonly from: 'stated' | 'wording' | 'award' }
}

/** The estimate. `end` is null only when `basis.kind` is `unknown` (or a term was found but no start to count from). */
export interface EndDateEstimate {
  readonly end: IsoDate | null
  /** End once every extension option written in the wording is taken. Only when the wording gives extensions. */
  readonly endWithExtensions?: IsoDate
  /** False only when the end is a date the notice states; every counted or typical end is an estimate. */
  readonly isEstimated: boolean
  readonly basis: EndDateBasis
}

/**
 * Typical contract terms by CPV division, in months. ASSUMPTION, written from general UK public-procurement practice
 * (typical local-authority terms before extensions), not derived from any data file. Only used when a notice states
 * neither an end date nor a term; every end it gives is marked `cpv-typical`. Divisions absent here give `unknown`.
 */
export const TYPICAL_TERM_MONTHS_BY_CPV_DIVISION: Readonly<Record<string, { months: number; label: string }>> = {
  '09': { months: 24, label: 'fuels and energy supply' },
  '15': { months: 24, label: 'food and drink' },
  '18': { months: 36, label: 'clothing and uniforms' },
  '22': { months: 36, label: 'printed matter' },
  '30': { months: 36, label: 'office and computing equipment' },
  '31': { months: 36, label: 'electrical equipment' },
  '32': { months: 36, label: 'radio and telecoms equipment' },
  '33': { months: 36, label: 'medical equipment' },
  '34': { months: 60, label: 'vehicles and transport equipment' },
  '35': { months: 36, label: 'security and safety equipment' },
  '37': { months: 36, label: 'leisure and sports equipment' },
  '39': { months: 36, label: 'furniture and cleaning products' },
  '42': { months: 36, label: 'industrial machinery' },
  '44': { months: 36, label: 'construction materials' },
  '45': { months: 12, label: 'construction works (one project)' },
  '48': { months: 36, label: 'software packages' },
  '50': { months: 36, label: 'repair and maintenance services' },
  '51': { months: 12, label: 'installation services' },
  '55': { months: 36, label: 'catering services' },
  '60': { months: 48, label: 'transport services' },
  '64': { months: 36, label: 'postal and telecoms services' },
  '65': { months: 24, label: 'utilities' },
  '66': { months: 36, label: 'financial and insurance services' },
  '70': { months: 36, label: 'real estate services' },
  '71': { months: 24, label: 'architectural and engineering services' },
  '72': { months: 36, label: 'IT services' },
  '73': { months: 12, label: 'research and development' },
  '75': { months: 36, label: 'public administration services' },
  '77': { months: 60, label: 'grounds maintenance and horticulture' },
  '79': { months: 24, label: 'business services (consultancy, print, security)' },
  '80': { months: 24, label: 'education and training' },
  '85': { months: 36, label: 'health and social care' },
  '90': { months: 84, label: 'waste, cleaning and environmental services' },
  '92': { months: 36, label: 'recreation and culture' },
  '98': { months: 36, label: 'other community services' },
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, eighteen: 18, twenty: 20, 'twenty-four': 24, 'twenty four': 24, thirty: 30, 'thirty-six': 36, 'thirty six': 36,
  'forty-eight': 48, 'forty eight': 48, sixty: 60,
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const

/** Decodes the entities and literal escapes Contracts Finder text carries, and folds whitespace. */
function cleanText(text: string): string {
  return text
    .replace(/\\r|\\n/g, ' ')
    .replace(/&amp;/g, '&').replace(/&#0?39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&#xA3;/gi, '£').replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** "two (2) years" → "2 years", "twenty-four months" → "24 months", "(3) three" → "3". */
function digitise(text: string): string {
  const words = Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|')
  return text
    .replace(new RegExp(`\\b(${words})\\s*\\((\\d+)\\)`, 'gi'), '$2')
    .replace(new RegExp(`\\((\\d+)\\)\\s*(${words})\\b`, 'gi'), '$1')
    .replace(new RegExp(`\\b(${words})\\b(?=[\\s-]*(?:\\(|years?|yrs?|months?|weeks?|x\\b|\\+|further|additional|extension|year|-year|-month))`, 'gi'),
      (w) => String(NUMBER_WORDS[w.toLowerCase()] ?? w))
    .replace(/\ba further (?=years?\b|months?\b)/gi, 'a further 1 ')
    .replace(/\ba (year|twelve month)\b/gi, '1 year')
}

const DAY_MONTH_YEAR = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+(${MONTH_NAMES.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?,?\\s+(\\d{4})\\b|\\b(\\d{1,2})/(\\d{1,2})/(\\d{4})\\b`,
  'gi',
)

interface FoundDate { date: IsoDate; index: number; length: number }

function datesIn(text: string): FoundDate[] {
  const found: FoundDate[] = []
  for (const m of text.matchAll(DAY_MONTH_YEAR)) {
    let day: number, month: number, year: number
    if (m[1] !== undefined) {
      day = Number(m[1])
      const name = (m[2] ?? '').toLowerCase().slice(0, 3)
      month = MONTH_NAMES.findIndex((n) => n.startsWith(name)) + 1
      year = Number(m[3])
    } else {
      day = Number(m[4]); month = Number(m[5]); year = Number(m[6])
    }
    const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    if (isValidIsoDate(iso)) found.push({ date: iso as IsoDate, index: m.index, length: m[0].length })
  }
  return found
}

/** A term mention: "3 years", "36 months", "2 x 1 year" (= 24 months). */
interface TermMention { months: number; index: number; end: number; text: string }

const TERM = /\b(?:(\d+)\s*x\s*)?(\d+(?:\.5)?)[\s-]*(years?|yrs?|months?|weeks?)\b/gi
const PLUS_CHAIN = /\b(\d+)\s*\+\s*(\d+)(?:\s*\+\s*(\d+))?(?:\s*\+\s*(\d+))?\s*(years?|yrs?|months?)?/gi

function toMonths(count: number, unit: string): number {
  const u = unit.toLowerCase()
  if (u.startsWith('y')) return Math.round(count * 12)
  if (u.startsWith('m')) return Math.round(count)
  return Math.round((count * 7) / 30.44)
}

/** Text from the start of the sentence (or clause) holding `index` up to it. */
function before(text: string, index: number, span = 70): string {
  const from = Math.max(0, index - span)
  const head = text.slice(from, index)
  const stop = Math.max(head.lastIndexOf('. '), head.lastIndexOf('; '), head.lastIndexOf('|'))
  return stop >= 0 ? head.slice(stop + 1) : head
}

const EXTENSION_BEFORE = /\b(extend\w*|extension|further|additional|plus|option)\b/i
const EXTENSION_AFTER = /^\s*(?:\w+\s+)?(extension|option|optional)/i
const TERM_BEFORE = /\b(period|term|duration|contract|agreement|framework|initial(?:ly)?|for|last|lasting|runs?|running|commission\w*|award\w*|tenure)\b[^.]*$/i
const TERM_AFTER = /^[\s-]*(contract|term|agreement|framework|period|in duration|duration|commencing|starting|from|with|plus)\b/i
// Ages, frequencies, ranges and history: "0-19 years", "18 years old", "every 18 months", "in the last 3 years".
const NOT_A_TERM_BEFORE = /(\b(every|each|within|after|aged?|under|over|than|the last|the past|previous|increments? of|minimum of|at least|experience of)\s*|\b(?:people|persons|children|adults|residents|users),? (?:aged )?up to\s*|\b(?:warrant\w*|guarantee\w*|vision|minimum period of)\b[^.]{0,30}|\d\s*[-–]\s*|\d\s*(?:to|and)\s*)$/i
const NOT_A_TERM_AFTER = /^\s*(old\b|of age|and over|and under|ago|experience|warranty|guarantee|in advance|notice|'s|vision|plan\b|strategy|investment|design life|lifespan)/i

function termMentions(text: string): { base: TermMention | null; extensions: TermMention[]; quoteEnd: number } {
  const mentions: { m: TermMention; isExtension: boolean }[] = []
  const taken: [number, number][] = []
  for (const m of text.matchAll(PLUS_CHAIN)) {
    const parts = [m[1], m[2], m[3], m[4]].filter((p): p is string => p !== undefined).map(Number)
    const unit = m[5] ?? 'years'
    if (parts.some((p) => p > 10 && unit.startsWith('y'))) continue
    const pre = before(text, m.index)
    const allExtensions = /\b(extend\w*|extension|further)\b[^.]*$/i.test(pre)
    taken.push([m.index, m.index + m[0].length])
    parts.forEach((p, i) => {
      mentions.push({ m: { months: toMonths(p, unit), index: m.index, end: m.index + m[0].length, text: m[0] }, isExtension: allExtensions || i > 0 })
    })
  }
  for (const m of text.matchAll(TERM)) {
    if (taken.some(([a, b]) => m.index >= a && m.index < b)) continue
    const times = m[1] === undefined ? 1 : Number(m[1])
    const months = toMonths(times * Number(m[2]), m[3] ?? 'years')
    const pre = before(text, m.index)
    const post = text.slice(m.index + m[0].length, m.index + m[0].length + 30)
    if (NOT_A_TERM_BEFORE.test(pre) || NOT_A_TERM_AFTER.test(post) || months <= 0 || months > 300) continue
    if (/\b(in )?increments? of\s*$/i.test(pre)) continue
    const isExtension = EXTENSION_BEFORE.test(pre) || EXTENSION_AFTER.test(post)
    if (!isExtension && !(TERM_BEFORE.test(pre) || TERM_AFTER.test(post))) continue
    mentions.push({ m: { months, index: m.index, end: m.index + m[0].length, text: m[0] }, isExtension })
  }
  mentions.sort((a, b) => a.m.index - b.m.index)
  const baseAt = mentions.findIndex((x) => !x.isExtension)
  const base = baseAt >= 0 ? mentions[baseAt]!.m : null
  // Extensions belong to the base term: those written after it (within a couple of sentences), or any when there is no base.
  const from = base === null ? 0 : base.index
  const extensions = mentions.filter((x) => x.isExtension && x.m.index >= from && x.m.index - from < 300).map((x) => x.m)
  const last = extensions.length > 0 ? extensions[extensions.length - 1]! : base
  return { base, extensions, quoteEnd: last === null ? 0 : last.end }
}

const STATED_END_BEFORE = /\b(until|to|till|ending|ends?(?: on)?|expir\w*(?: on)?|end date(?: of| is)?|through(?: to)?|up to and including|no later than)\s*(the\s*)?$/i
const STATED_START_BEFORE = /\b(from|commenc\w*(?: on| from)?|start\w*(?: on| from)?|begin\w*(?: on)?|effective(?: from)?|with effect from)\s*(the\s*)?$/i

function quoteAround(text: string, from: number, to: number): string {
  const dot = text.lastIndexOf('. ', from)
  const bar = text.lastIndexOf('|', from)
  const stop = Math.max(dot < 0 ? 0 : dot + 2, bar < 0 ? 0 : bar + 1)
  // At most 60 characters before the term, starting on a word.
  const start = from - stop > 60 ? text.indexOf(' ', from - 60) + 1 : stop
  const tail = /^\s*(extensions?|options?)\b/i.exec(text.slice(to))
  const end = Math.min(text.length, to + (tail === null ? 0 : tail[0].length))
  return text.slice(start, end).replace(/^\W+/, '').trim()
}

function withExtensions(end: IsoDate, months: number): IsoDate | undefined {
  if (months <= 0) return undefined
  const r = addMonths(end, months)
  return r.ok ? r.value : undefined
}

/** Last day of a term of `months` that starts on `start`: 2021-07-01 + 36 months → 2024-06-30. */
function termEnd(start: IsoDate, months: number): IsoDate | null {
  const after = addMonths(start, months)
  if (!after.ok) return null
  const end = addDays(after.value, -1)
  return end.ok ? end.value : null
}

/** First two digits of a CPV code that the typical-term table knows, in the order given. */
function cpvDivision(codes: readonly string[]): string | null {
  for (const code of codes) {
    const digits = code.replace(/\D/g, '')
    const division = digits.slice(0, 2)
    if (digits.length >= 2 && TYPICAL_TERM_MONTHS_BY_CPV_DIVISION[division] !== undefined) return division
  }
  return null
}

/**
 * Estimates a contract's end date. In order:
 * 1. `stated`: the notice's own end date field, or an end date written in the text ("until 31 March 2027",
 *    "from 1st July 2021 to 30th June 2024"); extensions written after it give `endWithExtensions`.
 * 2. `wording`: a term in the text ("for a period of 3 years", "36 months", "3+1+1", "initial term of two (2) years",
 *    "5 years plus 2 x 1 year extensions"), counted from a stated start (field, or "commencing 1 April 2026"), else the award date.
 *    The end is the day before the anniversary; `endWithExtensions` adds every extension option.
 * 3. `cpv-typical`: the typical term for the first CPV division in {@link TYPICAL_TERM_MONTHS_BY_CPV_DIVISION}, from the start.
 * 4. `unknown`, with `end: null`.
 * @example estimateEndDate({ description: 'a 2 year contract with the option to extend for a further 2 years', awardDate: '2024-04-01' })
 * // { end: '2026-03-31', endWithExtensions: '2028-03-31', isEstimated: true, basis: { kind: 'wording', quote: 'a 2 year contract with the option to extend for a further 2 years', … } }
 */
export function estimateEndDate(input: EndDateInput): EndDateEstimate {
  if (input.endDate != null) {
    return { end: input.endDate, isEstimated: false, basis: { kind: 'stated', quote: `end date ${input.endDate}` } }
  }
  const text = digitise(cleanText([input.title ?? '', input.description ?? ''].filter((s) => s.trim() !== '').join(' | ')))
  const dates = datesIn(text)
  const terms = termMentions(text)

  let start: EndDateBasis['start'] | undefined
  if (input.startDate != null) start = { date: input.startDate, from: 'stated' }
  else {
    const startInText = dates.find((d) => STATED_START_BEFORE.test(before(text, d.index, 40)))
    if (startInText !== undefined) start = { date: startInText.date, from: 'wording' }
    else if (input.awardDate != null) start = { date: input.awardDate, from: 'award' }
  }

  const extensionMonths = terms.extensions.reduce((sum, t) => sum + t.months, 0)
  const endInText = dates.find((d) => STATED_END_BEFORE.test(before(text, d.index, 40)) && (start === undefined || d.date > start.date))
  if (endInText !== undefined) {
    const quoteTo = Math.max(endInText.index + endInText.length, terms.extensions.length > 0 ? terms.quoteEnd : 0)
    const endWithExtensions = withExtensions(endInText.date, extensionMonths)
    return {
      end: endInText.date,
      ...(endWithExtensions === undefined ? {} : { endWithExtensions }),
      isEstimated: false,
      basis: { kind: 'stated', quote: quoteAround(text, endInText.index, quoteTo) },
    }
  }

  if (terms.base !== null) {
    const quote = quoteAround(text, terms.base.index, Math.max(terms.base.end, terms.quoteEnd))
    const end = start === undefined ? null : termEnd(start.date, terms.base.months)
    const endWithExtensions = end === null ? undefined : withExtensions(end, extensionMonths)
    return {
      end,
      ...(endWithExtensions === undefined ? {} : { endWithExtensions }),
      isEstimated: true,
      basis: { kind: 'wording', quote, ...(start === undefined ? {} : { start }) },
    }
  }

  const division = cpvDivision(input.cpvCodes ?? [])
  if (division !== null && start !== undefined) {
    const row = TYPICAL_TERM_MONTHS_BY_CPV_DIVISION[division]!
    return {
      end: termEnd(start.date, row.months),
      isEstimated: true,
      basis: { kind: 'cpv-typical', quote: `typical term for CPV ${division} (${row.label}): ${row.months} months`, cpvGroup: division, start },
    }
  }
  return { end: null, isEstimated: false, basis: { kind: 'unknown', quote: '', ...(start === undefined ? {} : { start }) } }
}
