/**
 * Summarise a V8 `.cpuprofile` (from `BENCH_CPU_PROF=<dir> npm run bench …`): self time by function and by
 * package/file, as % of all samples, plus the inclusive time of chosen frames.
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [topN]
 */
import { readFileSync } from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
}

const file = process.argv[2]
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [topN]')
const topN = Number(process.argv[3] ?? 25)
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(prof.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const selfUs = new Map<number, number>()
let total = 0
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0
  selfUs.set(id, (selfUs.get(id) ?? 0) + dt)
  total += dt
})

const where = (n: Node) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '')
  const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)
  return { short: nm?.[1] ?? (url || '(native)'), url }
}
const fnKey = (n: Node) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n).url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`

const agg = (key: (n: Node) => string) => {
  const m = new Map<string, number>()
  for (const [id, us] of selfUs) {
    const n = byId.get(id)
    if (n) m.set(key(n), (m.get(key(n)) ?? 0) + us)
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1])
}
const pct = (us: number) => ((100 * us) / total).toFixed(1).padStart(5) + ' %'

// Inclusive time: every sample counts once for each distinct function name on its stack.
const incl = new Map<string, number>()
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0
  const seen = new Set<string>()
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)
    if (!n) break
    const k = `${n.callFrame.functionName || '(anonymous)'} (${where(n).short})`
    if (!seen.has(k)) {
      seen.add(k)
      incl.set(k, (incl.get(k) ?? 0) + dt)
    }
  }
})

console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`)
console.log('\nself time by package/file')
for (const [k, us] of agg((n) => where(n).short).slice(0, 15)) console.log(`${pct(us)}  ${k}`)
console.log('\nself time by function')
for (const [k, us] of agg(fnKey).slice(0, topN)) console.log(`${pct(us)}  ${k}`)
console.log('\ninclusive time by function (top, excluding (root)/(program)/(idle))')
for (const [k, us] of [...incl.entries()].filter(([k]) => !/^\((root|program|idle|garbage collector)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, topN)) console.log(`${pct(us)}  ${k}`)
