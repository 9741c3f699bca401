/**
 * The one-pass update scanner (server/sync/update-check.ts) against the straightforward check built on
 * `Y.decodeUpdate` (and every other Yjs reader): for real updates of every content kind, and for the same updates
 * corrupted (UPDATE_CHECK_RUNS=20000 for a long run; each run corrupts one document up to 16 ways), both give the
 * same verdict. Refusing what Yjs can read would break editing; accepting what it cannot would store poison.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkUpdate, type ContentInspector } from '../../../../server/sync/update-check'

type Verdict = { ok: true; ranges: Map<number, number>; isEmpty: boolean } | { ok: false; reason: string; detail?: string }

/** The reference check: decode with Yjs, then the same two passes over its structs. */
function referenceCheck(update: Uint8Array, sv: ReadonlyMap<number, number>, inspect?: (values: unknown[]) => string | null): Verdict {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    // reason: the oracle's verdict for bytes Yjs cannot read
    return { ok: false, reason: 'undecodable' }
  }
  const ranges = new Map<number, number>()
  let hasNew = false
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    const known = ranges.get(client) ?? sv.get(client) ?? 0
    if (clock > known) return { ok: false, reason: 'gap' }
    const end = clock + struct.length
    if (end > known) {
      ranges.set(client, end)
      hasNew = true
    }
  }
  const has = (id: { client: number; clock: number } | null) => id === null || id.clock < (ranges.get(id.client) ?? sv.get(id.client) ?? 0)
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    if (!has(struct.origin) || !has(struct.rightOrigin)) return { ok: false, reason: 'missing-dependency' }
    const parent = struct.parent as unknown
    if (parent !== null && typeof parent === 'object' && 'client' in parent && 'clock' in parent && !has(parent as { client: number; clock: number })) {
      return { ok: false, reason: 'missing-dependency' }
    }
  }
  if (inspect) {
    const written: unknown[] = []
    for (const struct of decoded.structs) {
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) written.push(...(struct.content as unknown as { arr: unknown[] }).arr)
    }
    const refused = inspect(written)
    if (refused !== null) return { ok: false, reason: 'content-refused', detail: refused }
  }
  return { ok: true, ranges, isEmpty: !hasNew && decoded.ds.clients.size === 0 }
}

/** The attribution rule as in server/http/sync-access.ts, on whole values and on pruned ones. */
const rule = (values: readonly unknown[]): string | null => {
  for (const raw of values) {
    if (raw === null || typeof raw !== 'object') continue
    const v = raw as { typeName?: unknown; id?: unknown; meta?: { updatedBy?: { userId?: unknown } } }
    if (v.typeName !== 'shape') continue
    const by = v.meta?.updatedBy?.userId
    if (by !== undefined && by !== 'u1') return `shape ${String(v.id)} names another person`
  }
  return null
}
const inspector: ContentInspector = { fields: { typeName: true, id: true, meta: { updatedBy: { userId: true } } }, inspect: rule }

/** Edits of every content kind Yjs has, as (doc, random) → void. */
const jsonValue = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
  fc.record({
    id: fc.string(),
    typeName: fc.constantFrom('shape', 'page', 'binding'),
    x: fc.integer(),
    props: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
    meta: fc.oneof(fc.constant({}), fc.record({ updatedBy: fc.record({ userId: fc.constantFrom('u1', 'u2'), at: fc.string() }) }), fc.string()),
  }).map((r) => JSON.parse(JSON.stringify(r)) as unknown), // plain objects, as Yjs accepts
  fc.array(fc.integer(), { maxLength: 4 }),
  fc.uint8Array({ maxLength: 8 }),
)
type Op = { kind: number; key: string; value: unknown; n: number; text: string }
const op: fc.Arbitrary<Op> = fc.record({ kind: fc.integer({ min: 0, max: 9 }), key: fc.string({ maxLength: 6 }), value: jsonValue, n: fc.nat(20), text: fc.string({ maxLength: 6 }) })

function apply(doc: Y.Doc, o: Op): void {
  const map = doc.getMap('tl_records')
  const text = doc.getText('t')
  const arr = doc.getArray('a')
  switch (o.kind) {
    case 0:
    case 1:
      map.set(o.key, o.value)
      break
    case 2:
      map.delete(o.key)
      break
    case 3:
      text.insert(Math.min(o.n, text.length), o.text)
      break
    case 4:
      if (text.length > 0) text.delete(o.n % text.length, 1)
      break
    case 5:
      if (text.length > 0) text.format(0, Math.min(text.length, o.n + 1), { bold: o.n % 2 === 0 })
      break
    case 6:
      arr.insert(Math.min(o.n, arr.length), [o.value])
      break
    case 7: {
      const nested = new Y.Map<unknown>()
      map.set(`nested-${o.key}`, nested)
      nested.set('v', o.value)
      break
    }
    case 8: {
      const frag = doc.getXmlFragment('x')
      const el = new Y.XmlElement(`p${o.n}`)
      frag.insert(0, [el, new Y.XmlText(o.text)])
      break
    }
    case 9:
      text.insertEmbed(Math.min(o.n, text.length), { image: o.text })
      break
  }
}

const svMap = (sv: Uint8Array) => new Map(Y.decodeStateVector(sv))
const same = (update: Uint8Array, sv: Map<number, number>) => {
  expect(checkUpdate(update, sv)).toEqual(referenceCheck(update, sv))
  expect(checkUpdate(update, sv, inspector)).toEqual(referenceCheck(update, sv, rule))
}

describe('checkUpdate agrees with Y.decodeUpdate', () => {
  it('on real updates of every content kind, against full, partial and foreign state vectors', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), fc.array(op, { maxLength: 10 }), fc.nat(), (first, second, cut) => {
        const a = new Y.Doc()
        const updates: Uint8Array[] = []
        a.on('update', (u: Uint8Array) => updates.push(u))
        for (const o of first) apply(a, o)
        const mid = Y.encodeStateVector(a)
        const b = new Y.Doc()
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
        for (const o of second) apply(b, o)
        const full = Y.encodeStateAsUpdate(b)
        const delta = Y.encodeStateAsUpdate(b, mid)
        same(full, new Map())
        same(delta, new Map())
        same(delta, svMap(mid))
        same(full, svMap(Y.encodeStateVector(b)))
        // Each incremental update against the state before it, and one out of order (a gap).
        const k = updates.length > 0 ? cut % updates.length : 0
        const before = new Y.Doc()
        for (let i = 0; i < k; i++) Y.applyUpdate(before, updates[i] as Uint8Array)
        if (updates[k]) {
          same(updates[k] as Uint8Array, svMap(Y.encodeStateVector(before)))
          same(updates[k] as Uint8Array, new Map())
        }
      }),
      { numRuns: Math.max(300, Math.round(RUNS / 3)) },
    )
  }, 60_000)

  it('on the same updates corrupted: flipped, inserted and dropped bytes, truncation', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 15 }), fc.array(editList, { minLength: 1, maxLength: CORRUPTIONS_PER_DOC }), checkCorrupted), {
      numRuns: RUNS,
    })
    if (process.env.UPDATE_CHECK_RUNS) console.info(`update-check equivalence: ${corruptedCases} corrupted updates checked in ${RUNS} runs`)
  }, Math.max(600_000, RUNS * 100))

  it('regression: fast-check seed 1144758902 (a Skip info byte with extra bits, accepted by applyUpdate only)', () => {
    // The run that found it: case 833 of seed 1144758902 with one edit list per document.
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 15 }), editList, (ops, edits) => checkCorrupted(ops, [edits])), {
      seed: 1144758902,
      numRuns: 840,
    })
  }, 120_000)

  it('regression: info byte 42 (Skip with the parent-sub bit) is refused, as the lazy Yjs reader refuses it', () => {
    const doc = new Y.Doc()
    doc.clientID = 1
    doc.getMap('tl_records').set('   ', -5e-324)
    doc.getArray('a').insert(0, [134217728])
    const update = Y.encodeStateAsUpdate(doc)
    const at = update.indexOf(8, 30) // the second struct's info byte: ContentAny with a parent
    expect(at).toBe(31)
    const bad = update.slice()
    bad[at] = 42
    expect(() => Y.decodeUpdate(bad)).toThrow()
    expect(() => Y.encodeStateVectorFromUpdate(bad)).toThrow()
    expect(checkUpdate(bad, new Map())).toEqual({ ok: false, reason: 'undecodable' })
    // The exact byte 10 is a Skip for both readers, and accepted.
    const skip = Uint8Array.from([1, 1, 5, 0, 10, 3, 0])
    expect(Y.decodeUpdate(skip).structs).toHaveLength(1)
    expect(checkUpdate(skip, new Map()).ok).toBe(true)
  })
})

/** Runs of each corrupted-update property: UPDATE_CHECK_RUNS (or FUZZ_RUNS) for a long run. */
const RUNS = Number(process.env.UPDATE_CHECK_RUNS ?? process.env.FUZZ_RUNS ?? 1000)
/** Each generated document is corrupted this many ways at most: cases are cheap, documents are not. */
const CORRUPTIONS_PER_DOC = 16

const editList = fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), how: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 3 })

/** Every Yjs reader the server or a client runs over an update must accept it, or the reference refuses it. */
function yjsReadsAll(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update)
    Y.encodeStateVectorFromUpdate(update)
    Y.applyUpdate(new Y.Doc(), update)
    return true
  } catch {
    // reason: one of Yjs's readers refuses the bytes
    return false
  }
}

let corruptedCases = 0

function checkCorrupted(ops: Op[], editLists: Array<Array<{ at: number; byte: number; how: number }>>): void {
  const doc = new Y.Doc()
  doc.clientID = clientIdOf(ops) // deterministic, so a seed replays the same bytes
  for (const o of ops) apply(doc, o)
  const original = [...Y.encodeStateAsUpdate(doc)]
  for (const edits of editLists) {
    let bytes = original.slice()
    for (const e of edits) {
      const at = e.at % (bytes.length + 1)
      if (e.how === 0 && at < bytes.length) bytes[at] = e.byte
      else if (e.how === 1) bytes.splice(at, 0, e.byte)
      else if (e.how === 2) bytes.splice(at, 1)
      else bytes = bytes.slice(0, at)
    }
    // The frame is a view into a larger buffer, as a websocket message is.
    const backing = new Uint8Array(bytes.length + 64).fill(0xff)
    backing.set(bytes, 16)
    const update = backing.subarray(16, 16 + bytes.length)
    const mine = checkUpdate(update, new Map(), inspector)
    corruptedCases += 1
    const exact = Uint8Array.from(bytes)
    const theirs = yjsReadsAll(exact) ? referenceCheck(exact, new Map(), rule) : ({ ok: false, reason: 'undecodable' } as const)
    // Never accept what Yjs cannot read; when both can read it, the same verdict.
    if (!theirs.ok && theirs.reason === 'undecodable') expect(mine, `bytes ${JSON.stringify(bytes)}`).toMatchObject({ ok: false, reason: 'undecodable' })
    else if (!(mine.ok === false && mine.reason === 'undecodable')) expect(mine, `bytes ${JSON.stringify(bytes)}`).toEqual(theirs)
  }
}

/** A Yjs client id (uint32) derived from the operations. */
function clientIdOf(ops: Op[]): number {
  let h = 2166136261
  for (const ch of JSON.stringify(ops, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v))) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
  return h >>> 0
}
