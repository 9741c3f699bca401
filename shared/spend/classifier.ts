/**
 * The ProClass classifier: a code for a spend line, with where it came from, how sure it is (0..1) and why, in
 * words a procurement officer can check. It knows nothing it was not given: every suggestion comes from lines that
 * this Pooled's users imported or codes they confirmed (issue 11; nothing learned from shipped data), and, as the
 * last resort, from words shared with the ProClass labels.
 *
 * In order, the first that applies:
 * 1. a confirmed rule (most specific first: supplier + purpose + unit beats supplier beats purpose + unit…);
 * 2. the code the file carries for the line;
 * 3. the organisation's own coded lines for this supplier (with this purpose if there are any, else all);
 * 4. other organisations' coded lines for the same supplier identity;
 * 5. the organisation's coded lines that share the purpose and unit, the purpose, the unit, or words of the
 *    supplier's name, voted by how consistently each was coded;
 * 6. words of the name or purpose that appear in a ProClass label.
 */
import type { CodeSource } from '../schema/spend-api.ts'

/** What the classifier reads of a line. */
export interface LineFeatures {
  readonly supplierKey: string
  readonly supplierName: string
  readonly purpose: string | null
  readonly unit: string | null
  readonly fileCode: string | null
  readonly fileLabel?: string | null
  /** The supplier's SIC code as the file gives it (an integer as text), if any. */
  readonly sic?: string | null
}

export interface Suggestion {
  readonly code: string
  readonly source: CodeSource
  /** 0..1 */
  readonly confidence: number
  readonly reason: string
}

/** Coded spend seen in one organisation: lines of a supplier / purpose / unit carrying a code. */
export interface CodedGroup {
  readonly supplierKey: string
  readonly supplierName?: string
  readonly purpose: string | null
  readonly unit: string | null
  readonly code: string
  /** Number of lines. */
  readonly lines: number
  /** Sum of the lines' absolute amounts, pence. */
  readonly pence: number
  readonly sic?: string | null
}

/** Coded lines of another organisation for suppliers of one SIC code. */
export interface PartnerSicEvidence {
  readonly orgName: string
  readonly sic: string
  readonly code: string
  readonly lines: number
  readonly pence: number
}

/** Coded lines of another organisation for a supplier identity. */
export interface PartnerEvidence {
  readonly orgName: string
  readonly supplierKey: string
  readonly code: string
  readonly lines: number
  readonly pence: number
}

export interface ConfirmedRule {
  readonly id: string
  readonly supplierKey: string | null
  readonly supplierName?: string | null
  readonly purpose: string | null
  readonly unit: string | null
  readonly code: string
  readonly createdAt: string
}

export interface ProclassLabel {
  readonly code: string
  /** The code's own (deepest) label. */
  readonly label: string
  /** The labels above it, for context ("Social Care & Services Children"). */
  readonly path?: string
}

export interface ClassifierInput {
  readonly orgName: string
  readonly own: readonly CodedGroup[]
  readonly partners?: readonly PartnerEvidence[]
  readonly rules?: readonly ConfirmedRule[]
  readonly labels?: readonly ProclassLabel[]
  readonly partnerSic?: readonly PartnerSicEvidence[]
  /** SIC code → description (shared/taxonomy/sic.json), to match a supplier's SIC with ProClass labels. */
  readonly sicLabels?: Readonly<Record<string, string>>
}

export interface Classifier {
  classify(line: LineFeatures): Suggestion | null
}

/**
 * Purpose and unit texts as compared: case, spacing and the dates, invoice numbers and periods that publishers
 * append ("Service Charges 30/04/2026") folded away.
 * @example normaliseText('CLIENTS LIFT REP & M - Service Charges 30/04/2026') // 'clients lift rep and m service charges'
 */
export function normaliseText(text: string | null | undefined): string {
  if (text === null || text === undefined) return ''
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\b\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?\b/g, ' ')
    .replace(/\b\d+\b/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/** Words too common in supplier names and labels to say anything about what was bought. */
const STOP_WORDS = new Set(
  'and the for of ltd limited plc llp inc cic uk group services service company co trading council borough city county metropolitan district north south east west international holdings enterprises solutions associates partnership management mrs mr ms miss dr activitie activity other nec related similar except head general not elsewhere classified'.split(
    ' ',
  ),
)

/** Content words of a text: 3+ letters, not a stop word, crude plural folded. */
export function contentWords(text: string): string[] {
  const out = new Set<string>()
  for (const raw of normaliseText(text).split(' ')) {
    if (raw.length < 3 || STOP_WORDS.has(raw) || /\d/.test(raw)) continue
    const word = raw.length > 4 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw
    if (!STOP_WORDS.has(word)) out.add(word)
  }
  return [...out]
}

/** Suppliers that must share a word before it counts as evidence, and the vote weights of words. */
const MIN_WORD_SUPPLIERS = 3
const WORD_WEIGHT = 0.5
const PURPOSE_WORD_WEIGHT = 0.5

/** A SIC code as an integer in text ("01300" → "1300"); '' for none, 0 ("None supplied") or not a number. */
export function sicKey(sic: string | null | undefined): string {
  const t = (sic ?? '').trim()
  if (!/^\d{1,5}$/.test(t) || Number(t) === 0) return ''
  return String(Number(t))
}

/**
 * The expense type at the head of a purpose, before the free text publishers add after a dash
 * ("A&M PAY TO CONTRACTO - Stokoe Avenue Phase 1" → "a and m pay to contracto"); '' when there is no dash.
 */
export function purposeHead(purpose: string | null | undefined): string {
  if (purpose === null || purpose === undefined) return ''
  const i = purpose.indexOf(' - ')
  return i > 0 ? normaliseText(purpose.slice(0, i)) : ''
}

type Dist = Map<string, { pence: number; lines: number }>

function add(map: Map<string, Dist>, key: string, code: string, pence: number, lines: number): void {
  let d = map.get(key)
  if (!d) map.set(key, (d = new Map()))
  const e = d.get(code)
  if (e) {
    e.pence += pence
    e.lines += lines
  } else d.set(code, { pence, lines })
}

/** The code with the most spend (ties: most lines, then lowest code), its share of spend and its lines. */
function top(d: Dist): { code: string; share: number; lines: number; totalLines: number } | null {
  let best: string | null = null
  let bestPence = -1
  let bestLines = 0
  let total = 0
  let totalLines = 0
  for (const [code, e] of d) {
    total += e.pence
    totalLines += e.lines
    if (e.pence > bestPence || (e.pence === bestPence && (e.lines > bestLines || (e.lines === bestLines && best !== null && code < best)))) {
      best = code
      bestPence = e.pence
      bestLines = e.lines
    }
  }
  if (best === null) return null
  return { code: best, share: total > 0 ? bestPence / total : bestLines / Math.max(1, totalLines), lines: bestLines, totalLines }
}

const round2 = (x: number): number => Math.round(Math.max(0, Math.min(1, x)) * 100) / 100
const pct = (x: number): string => `${Math.round(x * 100)}%`
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`
const quote = (s: string): string => `“${s}”`

function ruleSpecificity(r: ConfirmedRule): number {
  return (r.supplierKey !== null ? 4 : 0) + (r.purpose !== null ? 2 : 0) + (r.unit !== null ? 1 : 0)
}

/** A rule in words; also the reason written on the lines it classifies. */
export function describeRule(r: ConfirmedRule): string {
  const parts: string[] = []
  if (r.supplierKey !== null) parts.push('this supplier')
  if (r.purpose !== null) parts.push(`purpose ${quote(r.purpose)}`)
  if (r.unit !== null) parts.push(`in ${quote(r.unit)}`)
  if (r.supplierKey !== null && r.purpose === null && r.unit === null) return `confirmed ${r.code} for this supplier`
  return `rule: ${parts.join(' ')} → ${r.code}`
}

/** Builds a classifier from the evidence; `classify` is cheap and pure. */
export function createClassifier(input: ClassifierInput): Classifier {
  const org = input.orgName
  const bySupplier = new Map<string, Dist>()
  const bySupplierPurpose = new Map<string, Dist>()
  const byPurposeUnit = new Map<string, Dist>()
  const byPurpose = new Map<string, Dist>()
  const byUnit = new Map<string, Dist>()
  const byWord = new Map<string, Dist>()
  const bySic = new Map<string, Dist>()
  const byPurposeHead = new Map<string, Dist>()
  const byPurposeWord = new Map<string, Dist>()
  // A word counts as evidence only once several suppliers share it ("nursery", "insurance"); a word of one
  // supplier's name ("willow") says nothing about what a different supplier sells.
  const wordSuppliers = new Map<string, Set<string>>()
  for (const g of input.own) {
    const p = normaliseText(g.purpose)
    const u = normaliseText(g.unit)
    const head = purposeHead(g.purpose)
    if (g.supplierKey !== '') {
      add(bySupplier, g.supplierKey, g.code, g.pence, g.lines)
      if (p !== '') add(bySupplierPurpose, `${g.supplierKey}\u0000${p}`, g.code, g.pence, g.lines)
      if (head !== '' && head !== p) add(bySupplierPurpose, `${g.supplierKey}\u0000h ${head}`, g.code, g.pence, g.lines)
      if (u !== '') add(bySupplierPurpose, `${g.supplierKey}\u0000u ${u}`, g.code, g.pence, g.lines)
      for (const w of contentWords(g.supplierName ?? g.supplierKey.replace(/^n:/, ''))) {
        add(byWord, w, g.code, g.pence, g.lines)
        let set = wordSuppliers.get(`n ${w}`)
        if (!set) wordSuppliers.set(`n ${w}`, (set = new Set()))
        set.add(g.supplierKey)
      }
      for (const w of contentWords(g.purpose ?? '')) {
        add(byPurposeWord, w, g.code, g.pence, g.lines)
        let set = wordSuppliers.get(`p ${w}`)
        if (!set) wordSuppliers.set(`p ${w}`, (set = new Set()))
        set.add(g.supplierKey)
      }
    }
    if (p !== '' && u !== '') add(byPurposeUnit, `${p}\u0000${u}`, g.code, g.pence, g.lines)
    if (p !== '') add(byPurpose, p, g.code, g.pence, g.lines)
    if (head !== '' && head !== p) add(byPurposeHead, head, g.code, g.pence, g.lines)
    if (head !== '' && u !== '') add(byPurposeUnit, `${head}\u0000${u}`, g.code, g.pence, g.lines)
    if (u !== '') add(byUnit, u, g.code, g.pence, g.lines)
    const gs = sicKey(g.sic)
    if (gs !== '') add(bySic, gs, g.code, g.pence, g.lines)
  }
  const partnerBySic = new Map<string, Dist>()
  const partnerSicOrgs = new Map<string, string>()
  for (const e of input.partnerSic ?? []) {
    const es = sicKey(e.sic)
    if (es === '') continue
    add(partnerBySic, es, e.code, e.pence, e.lines)
    if (!partnerSicOrgs.has(`${es} ${e.code}`)) partnerSicOrgs.set(`${es} ${e.code}`, e.orgName)
  }
  const sharedWord = (kind: 'n' | 'p', w: string): boolean => (wordSuppliers.get(`${kind} ${w}`)?.size ?? 0) >= MIN_WORD_SUPPLIERS
  const partnerBySupplier = new Map<string, Dist>()
  const partnerOrgs = new Map<string, Map<string, Map<string, number>>>() // key → code → org → lines
  for (const e of input.partners ?? []) {
    if (e.supplierKey === '') continue
    add(partnerBySupplier, e.supplierKey, e.code, e.pence, e.lines)
    let codes = partnerOrgs.get(e.supplierKey)
    if (!codes) partnerOrgs.set(e.supplierKey, (codes = new Map()))
    let orgs = codes.get(e.code)
    if (!orgs) codes.set(e.code, (orgs = new Map()))
    orgs.set(e.orgName, (orgs.get(e.orgName) ?? 0) + e.lines)
  }
  const rules = [...(input.rules ?? [])]
    .map((r) => ({ ...r, p: r.purpose === null ? null : normaliseText(r.purpose), u: r.unit === null ? null : normaliseText(r.unit) }))
    .sort((a, b) => ruleSpecificity(b) - ruleSpecificity(a) || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
  const matcher = createLabelMatcher(input.labels ?? [])
  const sicLabels = input.sicLabels ?? {}

  const vote = (line: LineFeatures, p: string, u: string): Suggestion | null => {
    const scores = new Map<string, number>()
    let bestReason: { weight: number; text: string; code: string } | null = null
    const consider = (d: Dist | undefined, weight: number, describe: (code: string, share: number, lines: number) => string) => {
      if (!d) return
      let total = 0
      for (const e of d.values()) total += e.pence
      if (total <= 0) return
      for (const [code, e] of d) {
        const share = e.pence / total
        const s = weight * share * share
        scores.set(code, (scores.get(code) ?? 0) + s)
      }
      const t = top(d)
      if (t && (bestReason === null || weight * t.share * t.share > bestReason.weight)) {
        bestReason = { weight: weight * t.share * t.share, text: describe(t.code, t.share, t.lines), code: t.code }
      }
    }
    if (p !== '' && u !== '') {
      consider(byPurposeUnit.get(`${p}\u0000${u}`), 3, (code, share, n) => `${org} coded ${pct(share)} of spend with purpose ${quote(line.purpose ?? '')} in ${quote(line.unit ?? '')} as ${code} (${plural(n, 'line')})`)
    }
    const head = purposeHead(line.purpose)
    if (head !== '' && head !== p && u !== '') {
      consider(byPurposeUnit.get(`${head}\u0000${u}`), 2, (code, share, n) => `${org} coded ${pct(share)} of spend with purpose ${quote(head.toUpperCase())} in ${quote(line.unit ?? '')} as ${code} (${plural(n, 'line')})`)
    }
    if (p !== '') consider(byPurpose.get(p), 1.5, (code, share, n) => `${org} coded ${pct(share)} of spend with purpose ${quote(line.purpose ?? '')} as ${code} (${plural(n, 'line')})`)
    if (head !== '' && head !== p) consider(byPurposeHead.get(head), 1.5, (code, share, n) => `${org} coded ${pct(share)} of spend with purpose ${quote(head.toUpperCase())} as ${code} (${plural(n, 'line')})`)
    if (u !== '') consider(byUnit.get(u), 1, (code, share, n) => `${org} coded ${pct(share)} of spend in ${quote(line.unit ?? '')} as ${code} (${plural(n, 'line')})`)
    const sic = sicKey(line.sic)
    if (sic !== '') {
      const what = sicLabels[sic] ? `SIC ${sic} (${sicLabels[sic]})` : `SIC ${sic}`
      consider(bySic.get(sic), 2, (code, share, n) => `${org} coded ${pct(share)} of spend with suppliers in ${what} as ${code} (${plural(n, 'line')})`)
      consider(partnerBySic.get(sic), 1.5, (code, share, n) => `${partnerSicOrgs.get(`${sic} ${code}`) ?? 'Partners'} coded ${pct(share)} of spend with suppliers in ${what} as ${code} (${plural(n, 'line')})`)
    }
    for (const w of contentWords(line.supplierName)) {
      if (!sharedWord('n', w)) continue
      consider(byWord.get(w), WORD_WEIGHT, (code, share, n) => `${org} coded ${pct(share)} of spend with suppliers named ${quote(w)} as ${code} (${plural(n, 'line')})`)
    }
    for (const w of contentWords(line.purpose ?? '')) {
      if (!sharedWord('p', w)) continue
      consider(byPurposeWord.get(w), PURPOSE_WORD_WEIGHT, (code, share, n) => `${org} coded ${pct(share)} of spend with ${quote(w)} in the purpose as ${code} (${plural(n, 'line')})`)
    }
    let best: string | null = null
    let bestScore = 0
    let sum = 0
    for (const [code, s] of scores) {
      sum += s
      if (s > bestScore || (s === bestScore && best !== null && code < best)) {
        best = code
        bestScore = s
      }
    }
    if (best === null || sum <= 0) return null
    const reason = bestReason as { text: string; code: string } | null
    const text = reason !== null && reason.code === best ? reason.text : `${org}'s coding of similar lines points to ${best}`
    return { code: best, source: 'learned', confidence: round2(0.75 * (bestScore / sum)), reason: text }
  }

  const byLabel = (line: LineFeatures): Suggestion | null => {
    const sicText = sicKey(line.sic) !== '' ? sicLabels[sicKey(line.sic)] : undefined
    if (sicText !== undefined) {
      const m = matcher.match(sicText)
      if (m) return { code: m.code, source: 'learned', confidence: round2(0.2 + 0.1 * Math.min(2, m.words.length)), reason: `the supplier's SIC ${line.sic} (${sicText}) resembles the ProClass label ${quote(m.label)}` }
    }
    const m = matcher.match(`${line.supplierName} ${line.purpose ?? ''}`)
    if (m === null) return null
    return { code: m.code, source: 'learned', confidence: round2(0.1 + 0.05 * Math.min(3, m.words.length)), reason: `${m.words.map(quote).join(', ')} in the name or purpose matches the ProClass label ${quote(m.label)} (no coded lines to learn from)` }
  }

  return {
    classify(line) {
      const p = normaliseText(line.purpose)
      const u = normaliseText(line.unit)
      for (const r of rules) {
        if (r.supplierKey !== null && r.supplierKey !== line.supplierKey) continue
        if (r.p !== null && r.p !== p) continue
        if (r.u !== null && r.u !== u) continue
        return { code: r.code, source: 'confirmed', confidence: 1, reason: describeRule(r) }
      }
      if (line.fileCode !== null) {
        const label = line.fileLabel ? ` (${line.fileLabel})` : ''
        return { code: line.fileCode, source: 'file', confidence: 1, reason: `coded ${line.fileCode}${label} in the file` }
      }
      if (line.supplierKey !== '') {
        const head = purposeHead(line.purpose)
        const narrower: Array<[Dist | undefined, string]> = [
          [p !== '' ? bySupplierPurpose.get(`${line.supplierKey}\u0000${p}`) : undefined, `for this supplier with purpose ${quote(line.purpose ?? '')}`],
          [head !== '' ? bySupplierPurpose.get(`${line.supplierKey}\u0000h ${head}`) : undefined, `for this supplier with purpose ${quote(head.toUpperCase())}`],
          [u !== '' ? bySupplierPurpose.get(`${line.supplierKey}\u0000u ${u}`) : undefined, `for this supplier in ${quote(line.unit ?? '')}`],
          [bySupplier.get(line.supplierKey), 'for this supplier'],
        ]
        const [own, what] = narrower.find(([d]) => d !== undefined) ?? [undefined, '']
        const t = own ? top(own) : null
        if (t) {
          return {
            code: t.code,
            source: 'learned',
            confidence: round2(t.share * (t.totalLines / (t.totalLines + 1))),
            reason: `coded ${t.code} in ${t.lines.toLocaleString('en-GB')} of ${org}'s ${plural(t.totalLines, 'line')} ${what}`,
          }
        }
        const partner = partnerBySupplier.get(line.supplierKey)
        const pt = partner ? top(partner) : null
        if (pt) {
          const orgs = [...(partnerOrgs.get(line.supplierKey)?.get(pt.code) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])
          const [name, n] = orgs[0] ?? ['another body', pt.lines]
          const more = orgs.length > 1 ? ` and ${plural(orgs.length - 1, 'other body', 'other bodies')}` : ''
          return {
            code: pt.code,
            source: 'learned',
            confidence: round2(0.9 * pt.share * (pt.totalLines / (pt.totalLines + 1))),
            reason: `coded ${pt.code} in ${plural(n, 'line')} of ${name}${more} for this supplier`,
          }
        }
      }
      return vote(line, p, u) ?? byLabel(line)
    },
  }
}

/**
 * Matches free text (a SIC description, a supplier's name) to the ProClass label it shares the rarest words with.
 * A word in the code's own label counts fully, a word of a parent label half; rarer words count more.
 */
export function createLabelMatcher(labels: readonly ProclassLabel[]): { match(text: string): { code: string; label: string; words: string[] } | null } {
  const own = labels.map((l) => ({ ...l, words: new Set(contentWords(l.label)), parents: new Set(contentWords(l.path ?? '')) }))
  const df = new Map<string, number>()
  for (const l of own) for (const w of l.words) df.set(w, (df.get(w) ?? 0) + 1)
  const idf = (w: string): number => Math.log(1 + own.length / (df.get(w) ?? own.length))
  const byWord = new Map<string, number[]>()
  own.forEach((l, i) => {
    for (const w of new Set([...l.words, ...l.parents])) {
      let list = byWord.get(w)
      if (!list) byWord.set(w, (list = []))
      list.push(i)
    }
  })
  return {
    match(text) {
      const words = contentWords(text)
      const scores = new Map<number, { score: number; words: string[] }>()
      for (const w of words) {
        for (const i of byWord.get(w) ?? []) {
          const l = own[i]
          if (!l) continue
          const weight = l.words.has(w) ? idf(w) : idf(w) / 2
          const s = scores.get(i)
          if (s) {
            s.score += weight
            if (l.words.has(w)) s.words.push(w)
          } else scores.set(i, { score: weight, words: l.words.has(w) ? [w] : [] })
        }
      }
      let best: { i: number; score: number; words: string[] } | null = null
      for (const [i, s] of scores) {
        if (s.words.length === 0) continue
        if (best === null || s.score > best.score + 1e-9 || (Math.abs(s.score - best.score) <= 1e-9 && (own[i]?.code ?? '') < (own[best.i]?.code ?? ''))) best = { i, ...s }
      }
      if (best === null) return null
      const l = own[best.i]
      return l ? { code: l.code, label: l.label, words: best.words } : null
    },
  }
}
