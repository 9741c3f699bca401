/**
 * Time and peak memory to read published spend workbooks with server/spend/xlsx-reader.ts, one file per process so
 * peak RSS is the file's own:
 *
 *   for f in ../shared/data/spend/lancashire-pcc/*.xlsx ../shared/data/spend/lancashire-fire-rescue/*.xlsx; do
 *     npx tsx bench/xlsx-read.ts "$f"; done
 *
 * Prints wall time of inspect + read (the first, cold run and the median of the next 5), rows, inflated bytes, RSS before and
 * peak RSS (process.resourceUsage().maxRSS). Figures are for one machine only.
 */
import { statSync } from 'node:fs'
import { readXlsxRows } from '../server/spend/xlsx-reader.ts'

const file = process.argv[2]
if (file === undefined) throw new Error('usage: npx tsx bench/xlsx-read.ts FILE.xlsx')
const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20
const timesMs: number[] = []
let rows = 0
let inflated = 0
let coldMs = 0
for (let run = 0; run < 6; run++) {
  rows = 0
  const t0 = performance.now()
  const summary = await readXlsxRows(file, { onRow: () => rows++ })
  const ms = performance.now() - t0
  inflated = summary.inflatedBytes
  if (run > 0) timesMs.push(ms)
  else coldMs = ms
}
timesMs.sort((a, b) => a - b)
const median = timesMs[Math.floor(timesMs.length / 2)] ?? Number.NaN
const peakMiB = process.resourceUsage().maxRSS / 1024
console.log(
  `${file}: ${(statSync(file).size / 1024).toFixed(0)} KiB, ${rows} rows, ${(inflated / 2 ** 20).toFixed(1)} MiB inflated, ` +
    `first run ${coldMs.toFixed(0)} ms, then median ${median.toFixed(0)} ms (min ${timesMs[0]?.toFixed(0)} ms), RSS before ${rssBeforeMiB.toFixed(0)} MiB, peak RSS ${peakMiB.toFixed(0)} MiB`,
)
