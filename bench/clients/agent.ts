/**
 * Load client process, driven by the orchestrator over IPC (child_process.fork). One agent holds many raw participants
 * and/or a few full y-websocket providers, runs writes at a steady rate, and reports deliveries.
 * Commands: raw.join, full.join, collect.start, collect.count, collect.stop, write.run, durability, probe.start,
 * probe.take, probe.stop, close, exit.
 */
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { nowMs, nowUs } from '../lib/clock'
import { makeShape, RECORDS_MAP } from '../lib/records'
import { encodeSyncStep1Empty, encodeSyncUpdate, makeMarker, parseMarker, scanMarkers } from '../lib/wire'
import { pollUntil, sleep } from '../lib/wait'
import { Collector } from './collector'
import { FullParticipant } from './full-client'
import { RawParticipant } from './raw-socket'

export interface AgentRequest {
  id: number
  cmd: string
  args: Record<string, unknown>
}

// Each WebsocketProvider adds a process 'exit' listener; hundreds per agent are intended.
process.setMaxListeners(0)

const collector = new Collector()
const raws: RawParticipant[] = []
const fulls: FullParticipant[] = []

async function rawJoin(a: { urls: string[]; awareness?: boolean; seedFirst?: number; waitStep2?: boolean; timeoutMs?: number }) {
  const seeded = new Set<string>()
  const mine: RawParticipant[] = []
  for (const url of a.urls) {
    const seed = a.seedFirst && !seeded.has(url) ? a.seedFirst : 0
    seeded.add(url)
    mine.push(new RawParticipant({ url, collector, awareness: !!a.awareness, seedRecords: seed }))
    // Pace connection setup a little so a 2,000-socket join does not look like a SYN flood to the server.
    if (mine.length % 100 === 0) await sleep(5)
  }
  raws.push(...mine)
  const ok = await pollUntil(() => mine.every((r) => r.isOpen && (!a.waitStep2 || r.hasStep2)), a.timeoutMs ?? 60_000, 20)
  const open = mine.filter((r) => r.isOpen).length
  if (!ok) throw new Error(`raw.join: ${open}/${mine.length} open, ${mine.filter((r) => r.hasStep2).length} synced`)
  return { open }
}

async function fullJoin(a: { clients: Array<{ writerId: string; serverUrl: string; room: string; params?: Record<string, string> }>; shapes?: number; waitSynced?: boolean; timeoutMs?: number }) {
  const mine = a.clients.map((c) => new FullParticipant(c.writerId, c.serverUrl, c.room, c.params ?? {}, collector, a.shapes ?? 10))
  fulls.push(...mine)
  const ok = await pollUntil(() => mine.every((f) => f.isConnected && (!a.waitSynced || f.isSynced)), a.timeoutMs ?? 60_000, 20)
  if (!ok) throw new Error(`full.join: ${mine.filter((f) => f.isConnected).length}/${mine.length} connected, ${mine.filter((f) => f.isSynced).length} synced`)
  // Each writer puts its shapes on the board once, so later writes are moves.
  for (const f of mine) for (let i = 0; i < f.shapes; i++) f.write()
  return { joined: mine.length }
}

/** Writes at `rate` per second in total, round-robin over the full participants that write, for `durationMs`. */
async function writeRun(a: { rate: number; durationMs: number; writers?: string[] }) {
  const writers = a.writers ? fulls.filter((f) => a.writers?.includes(f.writerId)) : fulls
  if (writers.length === 0) throw new Error('write.run: no writers')
  for (const w of writers) w.markRun()
  const t0 = nowMs()
  let done = 0
  let next = 0
  const maxWrites = Math.ceil((a.rate * a.durationMs) / 1000)
  let maxLagMs = 0
  for (let guard = 0; guard < 10_000_000 && done < maxWrites; guard++) {
    const elapsed = nowMs() - t0
    if (elapsed > a.durationMs * 3 + 5000) break // hard bound if the process cannot keep up at all
    const due = Math.min(maxWrites, Math.floor((a.rate * elapsed) / 1000) + 1)
    if (due - done > 1) maxLagMs = Math.max(maxLagMs, ((due - done - 1) * 1000) / a.rate)
    while (done < due) {
      ;(writers[next] as FullParticipant).write()
      next = (next + 1) % writers.length
      done++
    }
    const wait = ((done * 1000) / a.rate) - (nowMs() - t0)
    await sleep(Math.max(0, Math.min(wait, 50)))
  }
  const wallMs = nowMs() - t0
  return { writes: done, wallMs, maxLagMs, ranges: writers.map((w) => [w.writerId, ...w.runRange]) }
}

/**
 * Durability: one raw writer and one raw observer on the same board. "single": send one update, wait until the
 * observer has it, repeat. "burst": send `burst` updates back to back, wait until the observer has the last.
 */
async function durability(a: { url: string; mode: 'single' | 'burst'; count: number; burst?: number; timeoutMs: number }) {
  const open = (ws: WebSocket) => new Promise<void>((res, rej) => { ws.once('open', () => res()); ws.once('error', rej) })
  const writer = new WebSocket(a.url, { perMessageDeflate: false })
  const observer = new WebSocket(a.url, { perMessageDeflate: false })
  await Promise.all([open(writer), open(observer)])
  writer.send(encodeSyncStep1Empty())
  observer.send(encodeSyncStep1Empty())
  let lastSeen = -1
  observer.on('message', (d: Buffer) => {
    if (d[0] === 0 && d[1] === 2) for (const m of scanMarkers(d)) if (m.seq > lastSeen) lastSeen = m.seq
  })
  const doc = new Y.Doc()
  const map = doc.getMap(RECORDS_MAP)
  doc.on('update', (u: Uint8Array) => writer.send(encodeSyncUpdate(u)))
  let seq = 0
  const write = () => {
    const s = seq++
    map.set(`shape:d${s % 20}`, makeShape(`d${s % 20}`, s % 20, s, s, makeMarker('d', s, nowUs())))
    return s
  }
  // Warm-up so the room is loaded on the server.
  const w0 = write()
  await pollUntil(() => lastSeen >= w0, a.timeoutMs, 1)
  const lat: number[] = []
  const t0 = nowMs()
  let sent = 0
  if (a.mode === 'single') {
    for (let i = 0; i < a.count && nowMs() - t0 < a.timeoutMs; i++) {
      const s = write()
      const ts = nowMs()
      sent++
      if (!(await pollUntil(() => lastSeen >= s, a.timeoutMs, 0))) break
      lat.push(nowMs() - ts)
    }
  } else {
    const burst = a.burst ?? 100
    for (let b = 0; b * burst < a.count && nowMs() - t0 < a.timeoutMs; b++) {
      let s = 0
      const ts = nowMs()
      for (let i = 0; i < burst; i++) s = write()
      sent += burst
      if (!(await pollUntil(() => lastSeen >= s, a.timeoutMs, 0))) break
      lat.push(nowMs() - ts)
    }
  }
  const wallMs = nowMs() - t0
  writer.close()
  observer.close()
  doc.destroy()
  return { sent, wallMs, lat }
}

/**
 * A live board during other work on the server (a spend import, say): two stock y-websocket clients on one board,
 * a writer moving one shape every `everyMs` (the record carries its send time) and a reader timing each move's arrival.
 * `probe.take` returns the delays (ms) seen since the last take and how many moves were sent; `probe.stop` also says
 * how many moves never arrived.
 */
interface Probe {
  clients: Array<{ doc: Y.Doc; provider: WebsocketProvider }>
  timer: NodeJS.Timeout | null
  seq: number
  sent: number
  inFlight: Set<number>
  delays: number[]
}
let probe: Probe | null = null

async function probeStart(a: { serverUrl: string; room: string; params?: Record<string, string>; everyMs: number; timeoutMs?: number }) {
  if (probe) throw new Error('probe.start: already running')
  const open = () => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(a.serverUrl, a.room, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: a.params ?? {},
    })
    return { doc, provider }
  }
  const writer = open()
  const reader = open()
  const p: Probe = { clients: [writer, reader], timer: null, seq: 0, sent: 0, inFlight: new Set(), delays: [] }
  probe = p
  if (!(await pollUntil(() => writer.provider.synced && reader.provider.synced, a.timeoutMs ?? 30_000, 10))) throw new Error('probe.start: not synced')
  const wmap = writer.doc.getMap<ReturnType<typeof makeShape>>(RECORDS_MAP)
  const rmap = reader.doc.getMap<ReturnType<typeof makeShape>>(RECORDS_MAP)
  rmap.observe((ev) => {
    const at = nowUs()
    for (const key of ev.keysChanged) {
      const m = parseMarker(rmap.get(key)?.meta?.bench ?? '')
      if (m && p.inFlight.delete(m.seq)) p.delays.push((at - m.sendUs) / 1000)
    }
  })
  const move = () => {
    const s = p.seq++
    p.sent++
    p.inFlight.add(s)
    wmap.set('shape:probe', makeShape('probe', 0, (s * 7) % 2000, (s * 13) % 1500, makeMarker('probe', s, nowUs())))
  }
  move()
  if (!(await pollUntil(() => p.inFlight.size === 0, a.timeoutMs ?? 30_000, 5))) throw new Error('probe.start: the first move never arrived')
  p.delays = []
  p.sent = 0
  p.timer = setInterval(move, a.everyMs)
  return {}
}

function probeTake() {
  if (!probe) throw new Error('probe.take: not running')
  const out = { delays: probe.delays, sent: probe.sent }
  probe.delays = []
  probe.sent = 0
  return out
}

async function probeStop() {
  const p = probe
  if (!p) throw new Error('probe.stop: not running')
  if (p.timer) clearInterval(p.timer)
  await pollUntil(() => p.inFlight.size === 0, 2000, 10)
  const result = { ...probeTake(), lost: p.inFlight.size }
  probe = null
  for (const c of p.clients) {
    c.provider.destroy()
    c.doc.destroy()
  }
  return result
}

async function handle(req: AgentRequest): Promise<unknown> {
  const a = req.args as never
  switch (req.cmd) {
    case 'raw.join':
      return rawJoin(a)
    case 'full.join':
      return fullJoin(a)
    case 'collect.start':
      collector.start()
      return {}
    case 'collect.count':
      return { count: collector.count }
    case 'collect.stop': {
      const r = collector.stop()
      return { perWrite: r.perWrite, deliveries: Array.from(r.deliveries) }
    }
    case 'write.run':
      return writeRun(a)
    case 'seed': {
      // Put `records` shape records on the first full participant's board, `batch` per transaction.
      const a2 = req.args as { records: number; batch: number }
      const f = fulls[0]
      if (!f) throw new Error('seed: join a full participant first')
      for (let from = 0; from < a2.records; from += a2.batch) {
        f.doc.transact(() => {
          for (let i = from; i < Math.min(a2.records, from + a2.batch); i++) {
            const r = makeShape(`c${i}`, i, (i % 100) * 150, Math.floor(i / 100) * 100)
            f.map.set(r.id, r)
          }
        })
        await sleep(0)
      }
      return { records: f.map.size }
    }
    case 'clone-shapes': {
      // Fill the board to `count` shapes by cloning a shape the real client wrote (so every record is valid for
      // tldraw's schema), `batch` per transaction. Indices 'c' + 3 base-62 digits are valid fractional-index keys.
      const a2 = req.args as { count: number; batch: number }
      const f = fulls[0]
      const tmpl = [...(f?.map.values() ?? [])].find((r) => (r as { typeName?: string })?.typeName === 'shape')
      if (!f || !tmpl) throw new Error('clone-shapes: no template shape on the board yet')
      const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
      const b62 = (v: number) => (digits[Math.floor(v / 3844) % 62] as string) + (digits[Math.floor(v / 62) % 62] as string) + (digits[v % 62] as string)
      let have = [...f.map.values()].filter((r) => (r as { typeName?: string })?.typeName === 'shape').length
      for (let i = 0; have < a2.count && i < a2.count * 2; ) {
        f.doc.transact(() => {
          for (let k = 0; k < a2.batch && have < a2.count; k++, i++, have++) {
            const id = `shape:bench${i}`
            f.map.set(id, { ...(tmpl as object), id, x: (i % 100) * 140, y: Math.floor(i / 100) * 100, index: `c${b62(i + 1)}` } as never)
          }
        })
        await sleep(0)
      }
      return { shapes: have }
    }
    case 'count-shapes': {
      let shapes = 0
      for (const r of (fulls[0]?.map.values() ?? []) as Iterable<{ typeName?: string }>) if (r?.typeName === 'shape') shapes++
      return { shapes }
    }
    case 'move': {
      // Move an existing record (whatever shape it has) on the first full participant's board; returns the epoch
      // time of the write, for comparison with a browser's clock.
      const a2 = req.args as { id: string; x: number }
      const f = fulls[0]
      const rec = f?.map.get(a2.id)
      if (!f || !rec) throw new Error(`move: no record ${a2.id}`)
      const atEpochMs = performance.timeOrigin + performance.now()
      f.map.set(a2.id, { ...rec, x: a2.x })
      return { atEpochMs }
    }
    case 'durability':
      return durability(a)
    case 'probe.start':
      return probeStart(a)
    case 'probe.take':
      return probeTake()
    case 'probe.stop':
      return probeStop()
    case 'close': {
      for (const r of raws.splice(0)) r.close()
      for (const f of fulls.splice(0)) f.destroy()
      return {}
    }
    case 'exit':
      setTimeout(() => process.exit(0), 10)
      return {}
    default:
      throw new Error(`unknown command ${req.cmd}`)
  }
}

process.on('message', (req: AgentRequest) => {
  handle(req).then(
    (result) => process.send?.({ id: req.id, ok: true, result }),
    (err: unknown) => process.send?.({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  )
})
process.on('disconnect', () => process.exit(0))
