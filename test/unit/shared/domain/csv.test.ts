/** Tests for shared/domain/csv.ts: RFC 4180 parsing with line numbers. */
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../../shared/domain/csv.ts'

describe('parseCsv', () => {
  it('splits fields and records with LF, CRLF and bare CR', () => {
    const r = parseCsv('a,b\r\nc,d\ne,f\rg,h')
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
      { line: 3, fields: ['e', 'f'] },
      { line: 4, fields: ['g', 'h'] },
    ])
    expect(r.problems).toEqual([])
  })

  it('handles quotes, escaped quotes, embedded commas and newlines, keeping start lines', () => {
    const r = parseCsv('x,"1,303.20","say ""hi"""\r\n"multi\nline\r\ncell",2\n3,""\n')
    expect(r.records).toEqual([
      { line: 1, fields: ['x', '1,303.20', 'say "hi"'] },
      { line: 2, fields: ['multi\nline\r\ncell', '2'] },
      { line: 5, fields: ['3', ''] },
    ])
  })

  it('keeps blank lines as records and drops a BOM', () => {
    expect(parseCsv('\ufeffa\n\nb\n').records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: [''] },
      { line: 3, fields: ['b'] },
    ])
  })

  it('is lenient with stray quotes and reports an unclosed quote', () => {
    expect(parseCsv('5" pipe,a"b').records[0]?.fields).toEqual(['5" pipe', 'a"b'])
    expect(parseCsv('"ab"c,d').records[0]?.fields).toEqual(['abc', 'd'])
    const open = parseCsv('a\n"never closed,\nx')
    expect(open.problems).toEqual([{ line: 2, reason: 'quote opened on line 2 is never closed' }])
    expect(open.records[1]?.fields).toEqual(['never closed,\nx'])
  })

  it('handles empty input and trailing commas', () => {
    expect(parseCsv('').records).toEqual([])
    expect(parseCsv('a,,\n').records).toEqual([{ line: 1, fields: ['a', '', ''] }])
  })

  it('splits on another delimiter when told, keeping commas and quoted delimiters inside fields', () => {
    expect(parseCsv('a;b,c;"d;e"\r\n1;2;', ';').records).toEqual([{ line: 1, fields: ['a', 'b,c', 'd;e'] }, { line: 2, fields: ['1', '2', ''] }])
    expect(parseCsv('a\tb c\t"x\ty"\n', '\t').records).toEqual([{ line: 1, fields: ['a', 'b c', 'x\ty'] }])
    expect(parseCsv('a|b,c|d', '|').records[0]?.fields).toEqual(['a', 'b,c', 'd'])
  })
})
