/**
 * A faster twin of lib0's `decoding.readAny` for the update check's whole values (record validation reads every
 * written record whole). lib0 decodes every string, object keys included, with a TextDecoder call, which dominates
 * the cost of a record of a few dozen short ASCII strings; here short ASCII strings are built directly and
 * anything else goes to the same fatal UTF-8 decoder. Values are the same as lib0's, except that an object key
 * `__proto__` is refused as in the pruned reader (it would give the value a prototype).
 *
 * Only for bytes `skipAny` has already walked (server/sync/update-check.ts): bounds are not checked again.
 */
import * as decoding from 'lib0/decoding'

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
/** Longer strings go to TextDecoder, which is faster than a loop from there on. */
const SHORT = 64

function readString(d: decoding.Decoder): string {
  const len = decoding.readVarUint(d)
  const arr = d.arr
  const start = d.pos
  d.pos += len
  if (len <= SHORT) {
    let s = ''
    for (let i = start; i < start + len; i++) {
      const b = arr[i] as number
      if (b >= 0x80) return fatalUtf8.decode(arr.subarray(start, start + len))
      s += String.fromCharCode(b)
    }
    return s
  }
  return fatalUtf8.decode(arr.subarray(start, start + len))
}

export function readAnyFast(d: decoding.Decoder): unknown {
  const type = d.arr[d.pos++]
  switch (type) {
    case 127:
      return undefined
    case 126:
      return null
    case 125:
      return decoding.readVarInt(d)
    case 124:
      return decoding.readFloat32(d)
    case 123:
      return decoding.readFloat64(d)
    case 122:
      return decoding.readBigInt64(d)
    case 121:
      return false
    case 120:
      return true
    case 119:
      return readString(d)
    case 118: {
      const n = decoding.readVarUint(d)
      const obj: Record<string, unknown> = {}
      for (let i = 0; i < n; i++) {
        const key = readString(d)
        if (key === '__proto__') throw new Error('__proto__ key')
        obj[key] = readAnyFast(d)
      }
      return obj
    }
    case 117: {
      const n = decoding.readVarUint(d)
      const arr: unknown[] = []
      for (let i = 0; i < n; i++) arr.push(readAnyFast(d))
      return arr
    }
    case 116:
      return decoding.readVarUint8Array(d)
    default:
      throw new Error('unknown any type')
  }
}
