/**
 * A small reader for the server's report Markdown (server/reports/report-markdown.ts): headings, paragraphs,
 * bulleted lists (nested by two spaces), pipe tables and horizontal rules, with inline bold and backslash escapes.
 * It yields plain data that React renders as elements (never HTML strings), so user text cannot inject markup.
 * ISO dates in the text are shown as "31 Mar 2027". Pure, so it is unit-tested.
 */
import { formatDate } from '../../ui/format'

export type Inline = { kind: 'text'; text: string } | { kind: 'strong'; text: string } | { kind: 'em'; text: string }

export type Block =
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; items: { depth: number; inlines: Inline[] }[] }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'rule' }

const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/g
const ISO_TIMESTAMP = /\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z/g

/** Shows ISO timestamps as "25 Nov 2026, 22:28 UTC" and ISO dates as "25 Nov 2026". */
export function humaniseDates(text: string): string {
  return text.replace(ISO_TIMESTAMP, (_m, d: string, t: string) => `${formatDate(d)}, ${t} UTC`).replace(ISO_DATE, (d) => formatDate(d))
}

/** Inline text: `\x` escapes, `**bold**`; ISO dates shown as "31 Mar 2027". */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = []
  let buf = ''
  let isStrong = false
  const flush = () => {
    if (buf === '') return
    const shown = humaniseDates(buf)
    const last = out[out.length - 1]
    if (last && last.kind === (isStrong ? 'strong' : 'text')) last.text += shown
    else out.push({ kind: isStrong ? 'strong' : 'text', text: shown })
    buf = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\\' && i + 1 < text.length) {
      buf += text[i + 1]
      i++
    } else if (c === '*' && text[i + 1] === '*') {
      flush()
      isStrong = !isStrong
      i++
    } else buf += c
  }
  flush()
  return out
}

/** Splits a table row on unescaped pipes. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '')
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && i + 1 < inner.length) {
      cur += inner.slice(i, i + 2)
      i++
    } else if (inner[i] === '|') {
      out.push(cur.trim())
      cur = ''
    } else cur += inner[i]
  }
  out.push(cur.trim())
  return out
}

export function parseReportMarkdown(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (line.trim() === '') {
      i++
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]?.length ?? 1, inlines: parseInline(heading[2] ?? '') })
      i++
      continue
    }
    if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      blocks.push({ kind: 'rule' })
      i++
      continue
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[][] = []
      while (i < lines.length && /^\s*\|/.test(lines[i] ?? '')) {
        const row = cells(lines[i] ?? '')
        if (!row.every((c) => /^:?-{3,}:?$/.test(c))) rows.push(row)
        i++
      }
      const [header = [], ...body] = rows
      blocks.push({ kind: 'table', header: header.map(parseInline), rows: body.map((r) => r.map(parseInline)) })
      continue
    }
    if (/^\s*[-*]\s+/.test(line)) {
      const items: { depth: number; inlines: Inline[] }[] = []
      while (i < lines.length && /^\s*[-*]\s+/.test(lines[i] ?? '')) {
        const m = /^(\s*)[-*]\s+(.*)$/.exec(lines[i] ?? '')
        items.push({ depth: Math.floor((m?.[1]?.length ?? 0) / 2), inlines: parseInline(m?.[2] ?? '') })
        i++
      }
      blocks.push({ kind: 'list', items })
      continue
    }
    const para: string[] = []
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && !/^(#{1,6}\s|\s*\||\s*[-*]\s+)/.test(lines[i] ?? '')) {
      para.push((lines[i] ?? '').trim())
      i++
    }
    const text = para.join(' ')
    // A whole paragraph in _underscores_ (the report's provenance line) is emphasised as one.
    const em = /^_(.*)_$/.exec(text)
    blocks.push({ kind: 'paragraph', inlines: em ? parseInline(em[1] ?? '').map((x) => ({ kind: 'em', text: x.text })) : parseInline(text) })
  }
  return blocks
}
