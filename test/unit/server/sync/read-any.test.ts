/** The update check's fast whole-value reader decodes exactly what lib0's readAny does. */
import fc from 'fast-check'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import { readAnyFast } from '../../../../server/sync/read-any'

function encode(value: unknown): Uint8Array {
  const enc = encoding.createEncoder()
  encoding.writeAny(enc, value as never)
  return encoding.toUint8Array(enc)
}

const anyValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.string({ unit: 'grapheme', maxLength: 100 }),
    fc.string({ maxLength: 10 }),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 70 }).filter((k) => k !== '__proto__'), tie('value'), { maxKeys: 4 }),
  ),
})).value

describe('readAnyFast', () => {
  it('agrees with lib0 readAny on any value, and ends at the same position', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const bytes = encode(value)
        const slow = decoding.createDecoder(bytes)
        const fast = decoding.createDecoder(bytes)
        expect(readAnyFast(fast)).toEqual(decoding.readAny(slow))
        expect(fast.pos).toBe(slow.pos)
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses a __proto__ key', () => {
    const enc = encoding.createEncoder()
    encoding.writeUint8(enc, 118)
    encoding.writeVarUint(enc, 1)
    encoding.writeVarString(enc, '__proto__')
    encoding.writeAny(enc, { polluted: true })
    expect(() => readAnyFast(decoding.createDecoder(encoding.toUint8Array(enc)))).toThrow()
  })
})
