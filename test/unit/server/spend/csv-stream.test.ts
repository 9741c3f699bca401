/** The streaming tokenizer gives exactly parseCsv's records and line numbers, whatever the chunk boundaries. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../../shared/domain/csv'
import { decodeSpendFile } from '../../../../shared/domain/spend-import'
import { CsvTokenizer } from '../../../../server/spend/csv-stream'

function streamed(text: string, chunk: number) {
  const records: Array<{ line: number; fields: readonly string[] }> = []
  const t = new CsvTokenizer((r) => records.push(r))
  for (let i = 0; i < text.length; i += chunk) t.push(text.slice(i, i + chunk))
  t.end()
  return { records, problems: t.problems }
}

const FIXTURES = join(import.meta.dirname, '../../../fixtures/spend')
const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.csv') && statSync(join(FIXTURES, f)).isFile())

describe('CsvTokenizer', () => {
  it.each(files)('matches parseCsv on %s at several chunk sizes', (file) => {
    const text = decodeSpendFile(new Uint8Array(readFileSync(join(FIXTURES, file)))).text
    const whole = parseCsv(text)
    for (const chunk of [1, 2, 3, 7, 64, 4096, text.length + 1]) {
      const s = streamed(text, chunk)
      expect(s.records, `chunk ${chunk}`).toEqual(whole.records)
      expect(s.problems).toEqual(whole.problems)
    }
  })

  it('matches parseCsv on arbitrary text of quotes, commas and line ends', () => {
    const alphabet = fc.constantFrom('"', ',', '\r', '\n', 'a', 'b', ' ', '\r\n', '""')
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), fc.integer({ min: 1, max: 9 }), (text, chunk) => {
        const whole = parseCsv(text)
        const s = streamed(text, chunk)
        expect(s.records).toEqual(whole.records)
        expect(s.problems).toEqual(whole.problems)
      }),
      { numRuns: 3000, seed: 11 },
    )
  })
})
