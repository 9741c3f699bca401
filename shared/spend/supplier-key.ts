/**
 * Supplier identity: the key under which a published supplier name is counted, matched across bodies and merged
 * or split by people. Pure; the organisation-wide pass (joining names that share a Companies House or VAT number,
 * replaying merge and split decisions) is in server/spend/classify-org.ts.
 *
 * A key is `n:` + the normalised legal name. Names publishers use instead of a supplier ("Redacted personal data",
 * "Third party") have the empty key: their spend counts in every total, never as a supplier.
 */
import { isWithheldSupplierName, normaliseSupplierName } from '../domain/spend.ts'

/** The key of withheld names. */
export const WITHHELD_KEY = ''

/** Leading words that publishers add or drop for the same body. */
const LEADING_NOISE = new Set(['the'])

/**
 * The normalised legal name: case, punctuation, `&`/and, legal forms (Ltd, Limited, PLC…) and a leading "The"
 * folded; for "A Ltd t/a B" (trading as) the legal entity A, which is what Companies House and VAT numbers name.
 * @example supplierNameKey('The Smith & Sons Ltd T/A Smiths Care') // 'smith and sons'
 */
export function supplierNameKey(name: string): string {
  // Some ledgers append their own notes after a '#' ("HM Revenue & Customs Only#Was Inland Revenue#2").
  const hash = name.indexOf('#')
  if (hash > 2) name = name.slice(0, hash)
  const tradingAs = name.split(/\s(?:t\/a|t\.a\.|trading as)\s/i)
  const legal = tradingAs[0] !== undefined && tradingAs[0].trim() !== '' ? tradingAs[0] : name
  const words = normaliseSupplierName(legal).split(' ').filter((w) => w !== '')
  while (words.length > 1 && LEADING_NOISE.has(words[0] ?? '')) words.shift()
  return words.join(' ')
}

/** The automatic key of a published name, before any person's decision; `''` when the name is withheld. */
export function autoSupplierKey(name: string): string {
  if (name.trim() === '' || isWithheldSupplierName(name)) return WITHHELD_KEY
  const key = supplierNameKey(name)
  return key === '' ? WITHHELD_KEY : `n:${key}`
}

/**
 * A Companies House number in its canonical 8-character form (`SC012345`, `01234567`), or null when the text is
 * not one. Zeros that spreadsheets strip are restored.
 * @example companyNumberKey('1234567') // '01234567'
 */
export function companyNumberKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null
  const t = raw.toUpperCase().replace(/[\s.-]/g, '')
  if (/^\d{1,8}$/.test(t) && Number(t) > 0) return t.padStart(8, '0')
  if (/^(SC|NI|OC|SO|NC|GE|R0|IP|SP|RS|NP|NO|FC|SE|LP|SL)\d{1,6}$/.test(t)) return t.slice(0, 2) + t.slice(2).padStart(6, '0')
  return null
}

/**
 * A UK VAT number as its 9 digits (branch suffixes dropped), or null.
 * @example vatNumberKey('GB 123 4567 89') // '123456789'
 */
export function vatNumberKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null
  const t = raw.toUpperCase().replace(/[\s.-]/g, '').replace(/^GB/, '')
  const m = /^(\d{9})(\d{3})?$/.exec(t)
  if (!m || /^0+$/.test(m[1] ?? '')) return null
  return m[1] ?? null
}

/** Display form of a key for people ("n:smith and sons" → "smith and sons"). */
export function keyLabel(key: string): string {
  return key === WITHHELD_KEY ? 'Redacted or personal' : key.replace(/^n:/, '')
}
