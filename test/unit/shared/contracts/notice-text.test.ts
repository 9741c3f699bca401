import { describe, expect, it } from 'vitest'
import { cleanNoticeText, decodeHtmlEntities, mostCommonText, repairLostLineBreaks, repairMojibake } from '../../../../shared/contracts/notice-text.ts'

describe('decodeHtmlEntities', () => {
  it('decodes named, decimal and hex entities as Contracts Finder writes them', () => {
    expect(decodeHtmlEntities('Parks &amp; Gardens, settee&#039;s, &#xA3;5m, &pound;2, &eacute;t&eacute;, &quot;x&quot;')).toBe('Parks & Gardens, settee\'s, £5m, £2, été, "x"')
  })
  it('leaves unknown names as written and decodes a numeric entity cut off before its semicolon', () => {
    expect(decodeHtmlEntities('&madeup; A &#xA2')).toBe('&madeup; A ¢')
  })
})

describe('repairMojibake', () => {
  it('turns UTF-8 read as Windows-1252 back into the character', () => {
    expect(repairMojibake('Â£250k â€¢ item â€™s Ã¤')).toBe('£250k • item ’s ä')
  })
  it('keeps real accented text', () => {
    expect(repairMojibake('Café Ãlan')).toBe('Café Ãlan')
  })
})

describe('repairLostLineBreaks: the letters "rn" left where \\r\\n lost its backslash', () => {
  const cases: [string, string][] = [
    ['requirements.rnrnSite VisitsrnAll contractors', 'requirements. Site Visits All contractors'],
    ['Statement 1:rn Where the bidder', 'Statement 1: Where the bidder'],
    ['Insurance requiredrn 4B.5.2', 'Insurance required 4B.5.2'],
    ['Demolition & Clearancern Fire', 'Demolition & Clearance Fire'],
    ['Glass liftsrn IV. Canopies', 'Glass lifts IV. Canopies'],
    ['Lot 1 – Sheltered Islayrn Note', 'Lot 1 – Sheltered Islay Note'],
    ['2014. rn      rn      Previously', '2014. Previously'],
    ['-tAmenity and 1.tReview', '- Amenity and 1. Review'],
  ]
  // Compared with whitespace folded, as cleanNoticeText stores it.
  it.each(cases)('%s', (input, expected) => {
    expect(repairLostLineBreaks(input).replace(/\s+/g, ' ')).toBe(expected)
  })
  it('keeps words that end in "rn" and words with "rn" inside', () => {
    const text = 'Woburn Road, Kentigern House, Pensarn, modern, return, government, Northern Ireland, Blackburn, the ModernGov system, learn, concern. Acorn.'
    expect(repairLostLineBreaks(text)).toBe(text)
  })
})

describe('cleanNoticeText', () => {
  it('decodes, repairs breaks and escapes, and folds whitespace', () => {
    expect(cleanNoticeText('Parks &amp;amp; Open SpacesrnrnLot 1\\r\\nnext\r\n\r\n  line\\\\r end ')).toBe('Parks & Open Spaces Lot 1 next line end')
  })
  it('drops quote marks wrapped around the whole value', () => {
    expect(cleanNoticeText('"Spot Purchased Day Care"')).toBe('Spot Purchased Day Care')
    expect(cleanNoticeText('Call-off from "Digital Norfolk Ambition"')).toBe('Call-off from "Digital Norfolk Ambition"')
  })
})

describe('mostCommonText', () => {
  it('groups spellings case-insensitively and prefers one not in capitals', () => {
    expect(mostCommonText(['BURNLEY BOROUGH COUNCIL', 'BURNLEY BOROUGH COUNCIL', 'Burnley Borough Council', 'Other Council', 'Other Council'])).toBe('Burnley Borough Council')
  })
  it('breaks ties by first seen and ignores empty values', () => {
    expect(mostCommonText(['', 'A Council', 'B Council', ''])).toBe('A Council')
    expect(mostCommonText([''])).toBe('')
  })
})
