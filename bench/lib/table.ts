/** Plain-text tables for the console and markdown tables for docs: columns padded to their widest cell. */

export type Cell = string | number | null | undefined

export function fmt(v: Cell, digits = 1): string {
  if (v == null || (typeof v === 'number' && !Number.isFinite(v))) return 'n/a'
  if (typeof v === 'string') return v
  if (Number.isInteger(v)) return String(v)
  return v.toFixed(Math.abs(v) >= 100 ? 0 : digits)
}

export function textTable(header: string[], rows: Cell[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => fmt(c, 2)))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')
  return [line(cells[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

export function markdownTable(header: string[], rows: Cell[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|')
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map((c) => esc(fmt(c, 2))).join(' | ')} |`),
  ].join('\n')
}
