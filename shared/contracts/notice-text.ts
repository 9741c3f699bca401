/**
 * @module notice-text
 * Cleans the text fields of published contract notices as they arrive in real files: HTML entities (named, decimal
 * and hex), UTF-8 read as Windows-1252 ("Â£", "â€¢"), line breaks whose backslash was lost on the way ("rn",
 * "rnrn" glued into words), escaped or doubly escaped `\r` `\n` `\t`, and runs of whitespace. Pure: no I/O.
 */

/** Named entities seen in Contracts Finder text, plus the common typographic ones. */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', pound: '£', euro: '€', bull: '•', middot: '·',
  eacute: 'é', egrave: 'è', aacute: 'á', agrave: 'à', ccedil: 'ç', ouml: 'ö', uuml: 'ü', auml: 'ä',
  sup2: '²', sup3: '³', deg: '°', copy: '©', reg: '®', trade: '™', hellip: '…', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', frac12: '½', frac14: '¼', frac34: '¾',
}

/** Windows-1252 characters at bytes 0x80–0x9F (where they differ from Latin-1), for undoing mojibake and decoding files. */
export const CP1252_HIGH: readonly string[] = [
  '€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
  '\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
]

const CP1252_BYTE_OF = new Map<string, number>(CP1252_HIGH.map((ch, i) => [ch, 0x80 + i]))

/** Decodes `&amp;`, `&#039;`, `&#xA3;` and the named entities above; unknown names are left as written. */
export function decodeHtmlEntities(text: string): string {
  // Numeric entities may lack their ";" where a description was cut off ("&#xA2" at the end).
  return text.replace(/&(?:(#x[0-9a-f]{1,6}|#\d{1,7});?|([a-z][a-z0-9]{1,7});)/gi, (whole, numeric: string | undefined, named: string | undefined) => {
    const body = numeric ?? named ?? ''
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole
  })
}

const UTF8_AS_CP1252 = /[\u00c2-\u00f4][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{1,3}/g

/**
 * Undoes UTF-8 that was read as Windows-1252 somewhere upstream: "Â£" → "£", "â€¢" → "•", "Ã¤" → "ä". A run is
 * replaced only when its bytes are one well-formed UTF-8 character, so real accented text is left alone.
 */
export function repairMojibake(text: string): string {
  if (!/[\u00c2-\u00f4]/.test(text)) return text
  const decoder = new TextDecoder('utf-8', { fatal: true })
  return text.replace(UTF8_AS_CP1252, (run) => {
    const bytes: number[] = []
    for (const ch of run) {
      const code = ch.charCodeAt(0)
      const byte = code <= 0xff ? code : CP1252_BYTE_OF.get(ch)
      if (byte === undefined) return run
      bytes.push(byte)
    }
    try {
      const decoded = decoder.decode(new Uint8Array(bytes))
      return [...decoded].length === 1 ? decoded : run
    } catch {
      // reason: not valid UTF-8, so the run is real Latin-1/1252 text and stays as written.
      return run
    }
  })
}

/**
 * Turns line breaks that lost their backslash back into spaces. The OCDS files carry `\r\n` as the letters "rn":
 * "requirements.rnrnSite VisitsrnAll contractors". Letters "rn" are a break when:
 * doubled ("rnrn", "rn   rn"); glued to a capital or digit ("VisitsrnAll"); after punctuation, a space or a digit;
 * or after a consonant (no English word ends consonant + "rn": "requiredrn 4B", "Heatingrn Fire").
 * After a vowel they are kept: "Woburn Road", "modern", "Pensarn" are words.
 * A lost tab after a list mark ("-tAmenity", "1.tReview") becomes a space too.
 */
export function repairLostLineBreaks(text: string): string {
  // "modernrnrnThe": the first "rn" belongs to the word.
  const glued = text.replace(/(?:rn){2,}/g, (_run, at: number) => (/mode$/i.test(text.slice(Math.max(0, at - 4), at)) ? 'rn ' : ' '))
  const single = glued.replace(/rn/g, (rn, at: number) => {
    const before = at === 0 ? '' : glued.charAt(at - 1)
    const after = glued.charAt(at + 2)
    const isLetterBefore = /[a-z]/i.test(before)
    if (isLetterBefore && /[a-z]/.test(after)) return rn // inside a word: "return", "government"
    if (/[A-Z0-9]/.test(after)) {
      if (!isLetterBefore || !VOWELS.includes(before.toLowerCase())) return ' '
      return /modern$/i.test(glued.slice(Math.max(0, at - 4), at + 2)) ? rn : ' ' // "ModernGov" is a product
    }
    const isBreakAfter = after === '' || /[\s.,:;)'"’”-]/.test(after)
    if (!isBreakAfter) return rn
    if (!isLetterBefore) return ' ' // "requirements.rn The", " rn "
    if (!VOWELS.includes(before.toLowerCase())) return ' ' // "requiredrn 4B": no English word ends consonant + "rn"
    return isRnWord(wordEndingAt(glued, at + 2)) ? rn : ' ' // "Woburn Road" stays, "servicern The" breaks
  })
  return single.replace(/(^|\s)([-–•*]|\d{1,2}\.)t(?=[A-Z])/g, '$1$2 ')
}

/** Letters before "rn" that English words end with: "return", "born", "cairn"… ("e" and "a" are checked word by word). */
const VOWELS = 'aeiou'

/** Words ending "ern"/"arn" that are real, whole; "servicern", "Hardwarern", "Arearn" are text glued to a lost break. */
const RN_WORDS = /^(?:govern|intern|extern|stern|fern|kern|bern|quern|severn|cavern|tavern|cistern|postern|lectern|bittern|kentigern|ellern|darn|earn|learn|yearn|unlearn|relearn|yarn|tarn|warn|forewarn|pensarn)$/
/** Endings of real words that also close compounds ("postmodern", "Ashbarn", "Ashfern", "Midwestern"). */
const RN_WORD_ENDINGS = /(?:modern|northern|southern|eastern|western|pattern|concern|lantern|barn|fern)$/

function isRnWord(word: string): boolean {
  const w = word.toLowerCase()
  const before = w.charAt(w.length - 3)
  if (before !== 'e' && before !== 'a') return true // "return", "born", "Blackburn", "cairn"
  return RN_WORDS.test(w) || RN_WORD_ENDINGS.test(w)
}

function wordEndingAt(text: string, end: number): string {
  let start = end
  while (start > 0 && /[a-z]/i.test(text.charAt(start - 1))) start--
  return text.slice(start, end)
}

/**
 * Cleans one published text field for storage and display: entities, mojibake, lost and escaped line breaks,
 * surrounding quote marks a register wrapped the whole value in, and whitespace folded to single spaces.
 * @example cleanNoticeText('Parks &amp; Open SpacesrnrnLot 1') // 'Parks & Open Spaces Lot 1'
 */
export function cleanNoticeText(text: string): string {
  let s = decodeHtmlEntities(decodeHtmlEntities(text)) // some extracts double-encode: "&amp;#039;"
  s = repairMojibake(s)
  s = s.replace(/\\+[rnt]/g, ' ')
  s = repairLostLineBreaks(s)
  s = s.replace(/[\s\u00a0\u202f\u2028\u2029]+/g, ' ').trim()
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"') && !s.slice(1, -1).includes('"')) s = s.slice(1, -1).trim()
  return s
}

function isShouted(text: string): boolean {
  return /[A-Z]/.test(text) && text === text.toUpperCase()
}

/**
 * The value used most often in a list, comparing case- and space-insensitively and returning its most frequent
 * spelling, preferring one not in all capitals; ties go to the one seen first. Empty strings are ignored; '' when there is nothing.
 */
export function mostCommonText(values: Iterable<string>): string {
  const groups = new Map<string, { count: number; first: number; spellings: Map<string, number> }>()
  let seen = 0
  for (const value of values) {
    if (value === '') continue
    const key = value.toLowerCase().replace(/\s+/g, ' ')
    let group = groups.get(key)
    if (group === undefined) {
      group = { count: 0, first: seen, spellings: new Map() }
      groups.set(key, group)
    }
    group.count++
    group.spellings.set(value, (group.spellings.get(value) ?? 0) + 1)
    seen++
  }
  let best: { count: number; first: number; spellings: Map<string, number> } | null = null
  for (const group of groups.values()) {
    if (best === null || group.count > best.count || (group.count === best.count && group.first < best.first)) best = group
  }
  if (best === null) return ''
  // Prefer a spelling that is not all capitals ("Burnley Borough Council" over "BURNLEY BOROUGH COUNCIL").
  const spellings = [...best.spellings].sort((a, b) => Number(isShouted(a[0])) - Number(isShouted(b[0])) || b[1] - a[1])
  return spellings[0]?.[0] ?? ''
}
