/**
 * @module public-body-name
 * Public-body names as notices write them: a comparison key that treats "Chorley Borough Council", "CHORLEY COUNCIL"
 * and "Chorley Council Environmental Services" as one body but keeps "Lancashire County Council" apart from
 * "Lancashire Fire and Rescue Service", and a test for whether a name is a public body at all.
 */
import { cleanNoticeText } from './notice-text.ts'

/** Place names that contain "and"/"with", kept whole so a list split on "and" does not cut them. General knowledge, not data. */
const COMPOUND_PLACES = [
  'Blackburn with Darwen', 'Bath and North East Somerset', 'Brighton and Hove', 'Redcar and Cleveland', 'Telford and Wrekin',
  'Windsor and Maidenhead', 'Barking and Dagenham', 'Hammersmith and Fulham', 'Kensington and Chelsea', 'Lancashire and South Cumbria',
  'Stockton-on-Tees', 'Fire and Rescue', 'Police and Crime', 'Lancashire and Cumbria',
] as const

const JOINER = '\u2060' // word joiner: invisible, never a separator

/** Replaces the spaces and "and"/"with" inside compound place names with a joiner so list splitting leaves them whole. */
export function protectCompoundNames(text: string): string {
  let out = text
  for (const place of COMPOUND_PLACES) {
    out = out.replace(new RegExp(place.replace(/ /g, '\\s+'), 'gi'), (m) => m.replace(/\s+/g, JOINER))
  }
  return out
}

/** Undoes {@link protectCompoundNames}. */
export function restoreCompoundNames(text: string): string {
  return text.split(JOINER).join(' ')
}

/**
 * Notice text for comparison: {@link cleanNoticeText} (entities, mojibake, lost and escaped line breaks, whitespace)
 * with curly apostrophes made straight.
 */
export function decodeNoticeText(text: string): string {
  return cleanNoticeText(text).replace(/’/g, "'")
}

/** Written variants that mean the same word in a body name. */
const WORD_ALIASES: Readonly<Record<string, string>> = { lancs: 'lancashire', st: 'saint', 'st.': 'saint' }

/**
 * A comparison key for a public body's name. Lower case, `&` → `and`, punctuation and a leading "the" dropped; a
 * council's status words ("borough", "city", "district", "metropolitan borough") and any sub-unit after "council"
 * are dropped, but "county" is kept, so district and county councils of one place stay apart. "London Borough of X"
 * and "X London Borough Council" become "x council"; "NHS Foundation Trust"/"NHS Trust" become "trust".
 * @example normaliseBodyName('CHORLEY BOROUGH COUNCIL') // 'chorley council'
 */
export function normaliseBodyName(name: string): string {
  let s = decodeNoticeText(name).toLowerCase().replace(/&/g, ' and ').replace(/[’']/g, '').replace(/[^a-z0-9\s.-]/g, ' ').replace(/-/g, ' ')
  s = s.split(/\s+/).filter((w) => w !== '').map((w) => WORD_ALIASES[w] ?? w.replace(/\.$/, '')).join(' ')
  s = s.replace(/^the\s+/, '')
  s = s.replace(/^(?:royal )?(?:london )?borough of (.+)$/, '$1 council').replace(/^city of (.+?) council$/, '$1 council').replace(/^council of the (?:borough|city|district) of (.+)$/, '$1 council')
  const council = /^(.*?\bcouncil)\b/.exec(s)
  if (council !== null && council[1] !== undefined) {
    s = council[1].replace(/\b(?:metropolitan borough|metropolitan district|london borough|royal borough|borough|city|district)\s+council$/, 'council')
  }
  s = s.replace(/\bhospitals\b/g, 'hospital').replace(/\bnhs (?:foundation )?trust$/, 'trust')
  return s.replace(/\s+/g, ' ').trim()
}

/** True when two written names are the same public body (see {@link normaliseBodyName}). */
export function sameBody(a: string, b: string): boolean {
  const ka = normaliseBodyName(a)
  return ka !== '' && ka === normaliseBodyName(b)
}

const PUBLIC_BODY_END =
  /\b(council|county council|authority|combined authority|commissioning group|ccg|integrated care board|icb|constabulary|police|police service|fire (?:and|&) rescue (?:service|authority)|foundation trust|nhs trust|commissioner|university)$/i
const NOT_A_BODY = /\b(ltd|limited|plc|llp|cic|company|companies|trading as|partnership|board|department|departments|kitchens|services?|schools?)\s*$/i

/**
 * True when a name reads as one public body: it ends in a public body's designator ("… Council", "… NHS Foundation
 * Trust", "… Constabulary", "… Fire and Rescue Service") or starts with "NHS". Companies ("… Ltd", "… Company"),
 * partnerships, boards, departments and plurals ("other authorities") are not.
 */
export function isPublicBodyName(name: string): boolean {
  const s = restoreCompoundNames(name).trim()
  if (s === '' || /\b(councils|authorities|bodies|organisations)$/i.test(s)) return false
  if (/\bfire (?:and|&) rescue service$/i.test(s)) return true
  if (/^nhs\b/i.test(s)) return true
  if (/(ltd|limited|plc|llp|cic|company)\b/i.test(s)) return false
  if (NOT_A_BODY.test(s)) return false
  return PUBLIC_BODY_END.test(s)
}
