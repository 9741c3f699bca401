/** The report page's Markdown reader: the server report's blocks as plain data, user text never becomes markup. */
import { describe, expect, it } from 'vitest'
import { humaniseDates, parseInline, parseReportMarkdown } from '../../../../../client/features/planning/report-markdown'

describe('parseReportMarkdown', () => {
  it('reads headings, lists with nesting, tables and paragraphs', () => {
    const blocks = parseReportMarkdown(
      ['# Category plan: Fleet', '', '_Board Fleet · generated 2026-11-25T22:28:57.679Z_', '', '## Summary', '', '- **Total:** £1.00', '  - nested', '', '| A | B |', '| --- | --- |', '| x \\| y | £2.00 |', '', 'Plain text', 'continues.'].join('\n'),
    )
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'heading', 'list', 'table', 'paragraph'])
    expect(blocks[1]).toEqual({ kind: 'paragraph', inlines: [{ kind: 'em', text: 'Board Fleet · generated 25 Nov 2026, 22:28 UTC' }] })
    const list = blocks[3]
    expect(list?.kind === 'list' && list.items.map((i) => i.depth)).toEqual([0, 1])
    const table = blocks[4]
    expect(table?.kind === 'table' && table.rows[0]?.[0]).toEqual([{ kind: 'text', text: 'x | y' }])
    expect(blocks[5]).toEqual({ kind: 'paragraph', inlines: [{ kind: 'text', text: 'Plain text continues.' }] })
  })

  it('keeps escaped punctuation as text, never as emphasis or markup', () => {
    expect(parseInline('Name \\*\\*not bold\\*\\* \\<b\\>')).toEqual([{ kind: 'text', text: 'Name **not bold** <b>' }])
    expect(parseInline('**Bold** rest')).toEqual([{ kind: 'strong', text: 'Bold' }, { kind: 'text', text: ' rest' }])
  })

  it('shows ISO dates as "31 Mar 2027"', () => {
    expect(humaniseDates('ends 2027-03-31, starts 2026-01-05')).toBe('ends 31 Mar 2027, starts 5 Jan 2026')
  })
})
