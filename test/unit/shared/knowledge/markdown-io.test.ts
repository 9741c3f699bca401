/**
 * The Markdown exchange format: exact round trips with awkward content (colons, quotes, `---`, code fences, the
 * template heading itself inside the body), strict front matter, and library import errors named per file.
 */
import { describe, expect, it } from 'vitest'
import {
  METHODOLOGY_FILE_FORMAT,
  exportLibrary,
  exportMethodologyMarkdown,
  importLibrary,
  importMethodologyMarkdown,
} from '../../../../shared/knowledge/markdown-io'
import { METHODOLOGY_BODY_MAX_BYTES, validateMethodology } from '../../../../shared/knowledge/methodology'
import type { Methodology } from '../../../../shared/knowledge/methodology'

const base: Methodology = {
  slug: 'test-method',
  title: 'Test method',
  stage: 'analyse',
  summary: 'A method used in tests.',
  whenToUse: 'Whenever a test needs one.',
  tags: ['testing', 'supply risk'],
  body: '## Purpose\n\nTo test.',
  template: {
    templateVersion: 1,
    shapes: [{ type: 'frame', key: 'frame', x: 0, y: 0, w: 400, h: 300, name: 'Test: "quoted" frame' }],
  },
}

function make(overrides: Partial<Methodology>): Methodology {
  const result = validateMethodology({ ...base, ...overrides })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function roundTrip(m: Methodology) {
  const text = exportMethodologyMarkdown(m)
  const back = importMethodologyMarkdown(text)
  if (!back.ok) throw new Error(back.error.message)
  expect(back.value).toEqual(m)
  expect(exportMethodologyMarkdown(back.value)).toBe(text)
  return text
}

function refused(text: string) {
  const result = importMethodologyMarkdown(text)
  if (result.ok) throw new Error('expected the file to be refused')
  return result.error
}

const canonical = exportMethodologyMarkdown(base)

describe('exportMethodologyMarkdown', () => {
  it('writes front matter, body and a final template block', () => {
    expect(canonical).toBe(
      [
        '---',
        `format: ${METHODOLOGY_FILE_FORMAT}`,
        'slug: test-method',
        'title: Test method',
        'stage: analyse',
        'summary: A method used in tests.',
        'whenToUse: Whenever a test needs one.',
        'tags:',
        '  - testing',
        '  - supply risk',
        '---',
        '',
        '## Purpose',
        '',
        'To test.',
        '',
        '## Canvas template',
        '',
        '```json',
        '{',
        '  "templateVersion": 1,',
        '  "shapes": [',
        '    {"type":"frame","key":"frame","x":0,"y":0,"w":400,"h":300,"name":"Test: \\"quoted\\" frame"}',
        '  ]',
        '}',
        '```',
        '',
      ].join('\n'),
    )
  })

  it('writes an empty tag list inline', () => {
    expect(roundTrip(make({ tags: [] }))).toContain('\ntags: []\n')
  })
})

describe('round trips', () => {
  it.each([
    ['colon and space', 'Supply risk: high'],
    ['trailing colon', 'Ends with:'],
    ['hash after space', 'Step #1 then #2'],
    ['double quotes', 'The "must-have" list'],
    ['leading quote', '"Quoted" start'],
    ['single quotes', "Partners' needs, 'wants'"],
    ['leading dash', '- not a list'],
    ['leading bracket', '[draft] strategy'],
    ['looks like a number', '2024'],
    ['looks like a boolean', 'yes'],
    ['backslashes', 'C:\\path\\to'],
    ['unicode', 'Coût – £5k … 2×2'],
  ])('a title with %s', (_, title) => {
    roundTrip(make({ title }))
  })

  it('a summary and when-to-use with newlines and tabs', () => {
    const text = roundTrip(make({ summary: 'Line one.\nLine two:\tTabbed.', whenToUse: 'A: b\n\n"c"' }))
    expect(text).toContain('summary: "Line one.\\nLine two:\\tTabbed."')
  })

  it('a body with --- lines, front-matter look-alikes and thematic breaks', () => {
    roundTrip(make({ body: '---\nslug: fake\n---\n\nText\n\n---\n\nMore text\n---' }))
  })

  it('a body with code fences, including json fences and an unclosed fence', () => {
    roundTrip(make({ body: 'Intro\n\n```json\n{"templateVersion": 1}\n```\n\n````md\n```\n````\n\n```' }))
  })

  it('a body that contains the template heading itself', () => {
    roundTrip(make({ body: '## Canvas template\n\nNot this one.\n\n## Canvas template\n\n```json\n{}\n```' }))
  })

  it('shape text with quotes, backticks, newlines and a fence line', () => {
    const template = {
      templateVersion: 1 as const,
      shapes: [
        { type: 'frame' as const, key: 'frame', x: 0, y: 0, w: 400, h: 300, name: 'F' },
        { type: 'note' as const, key: 'n', x: 0, y: 0, text: '```\n---\n"quoted" `code`\n## Canvas template', color: 'yellow' as const },
      ],
    }
    roundTrip(make({ template }))
  })

  it('normalises CRLF and surrounding blank lines in the body on validation, then round-trips', () => {
    const m = make({ body: '\r\n\r\n## Purpose\r\n\r\nText\r\n\r\n' })
    expect(m.body).toBe('## Purpose\n\nText')
    roundTrip(m)
  })
})

describe('importMethodologyMarkdown: tolerated input', () => {
  it('reads CRLF line endings and a byte-order mark', () => {
    const result = importMethodologyMarkdown(`\uFEFF${canonical.replace(/\n/g, '\r\n')}`)
    expect(result).toEqual({ ok: true, value: base })
  })

  it('reads single-quoted and double-quoted scalars, comments and blank lines', () => {
    const text = canonical
      .replace('title: Test method', "# a comment\n\ntitle: 'Test method'")
      .replace('summary: A method used in tests.', 'summary: "A method used in tests."')
      .replace("  - testing", "  - 'testing'")
    expect(importMethodologyMarkdown(text)).toEqual({ ok: true, value: base })
  })

  it('reads a template block in any JSON layout, followed by blank lines', () => {
    const text = canonical.replace(/```json\n[\s\S]*\n```\n$/, `\`\`\`json\n${JSON.stringify(base.template, null, 2)}\n\`\`\`\n\n\n`)
    expect(importMethodologyMarkdown(text)).toEqual({ ok: true, value: base })
  })
})

describe('importMethodologyMarkdown: refused input', () => {
  it.each([
    ['no front matter', canonical.replace(/^---\n/, ''), 'invalid-markdown', 'line 1'],
    ['unclosed front matter', '---\nslug: x\n', 'invalid-markdown', 'front matter'],
    ['no template section', canonical.replace(/## Canvas template[\s\S]*$/, ''), 'invalid-markdown', 'template'],
    ['no json fence', canonical.replace('```json\n', ''), 'invalid-markdown', 'line 19'],
    ['unclosed json fence', canonical.replace(/```\n$/, ''), 'invalid-markdown', 'line 25'],
    ['text after the json fence', `${canonical}More text\n`, 'invalid-markdown', 'line 27'],
    ['unknown field', canonical.replace('stage: analyse', 'stage: analyse\nowner: me'), 'invalid-front-matter', 'front matter line 6'],
    ['duplicate field', canonical.replace('stage: analyse', 'stage: analyse\nstage: review'), 'invalid-front-matter', 'front matter line 6'],
    ['missing field', canonical.replace('title: Test method\n', ''), 'invalid-front-matter', 'front matter'],
    ['plain value with ": "', canonical.replace('title: Test method', 'title: Test: method'), 'invalid-front-matter', 'front matter line 4'],
    ['plain value with " #"', canonical.replace('title: Test method', 'title: Test #1'), 'invalid-front-matter', 'front matter line 4'],
    ['unclosed quote', canonical.replace('title: Test method', 'title: "Test method'), 'invalid-front-matter', 'front matter line 4'],
    ['bad escape', canonical.replace('title: Test method', 'title: "Test \\q"'), 'invalid-front-matter', 'front matter line 4'],
    ['list item outside a list', canonical.replace('stage: analyse', 'stage: analyse\n  - stray'), 'invalid-front-matter', 'front matter line 6'],
    ['inline list', canonical.replace(/tags:\n {2}- testing\n {2}- supply risk/, 'tags: [testing]'), 'invalid-front-matter', 'front matter line 8'],
    ['indented continuation', canonical.replace('title: Test method', 'title: Test\n  method'), 'invalid-front-matter', 'front matter line 5'],
    ['wrong format', canonical.replace(METHODOLOGY_FILE_FORMAT, 'other/2'), 'invalid-front-matter', 'format'],
    ['invalid JSON', canonical.replace('"templateVersion": 1,', '"templateVersion": 1'), 'invalid-template-json', 'template'],
    ['unsupported template version', canonical.replace('"templateVersion": 1', '"templateVersion": 9'), 'unsupported-template-version', 'template.templateVersion'],
    ['invalid shape', canonical.replace('"type":"frame"', '"type":"circle"'), 'invalid-template', 'template.shapes[0].type'],
    ['bad slug', canonical.replace('slug: test-method', 'slug: Test_Method'), 'invalid-methodology', 'slug'],
    ['bad stage', canonical.replace('stage: analyse', 'stage: shopping'), 'invalid-methodology', 'stage'],
    ['bad tag', canonical.replace('  - testing', '  - Testing!'), 'invalid-methodology', 'tags[0]'],
    ['duplicate tag', canonical.replace('  - supply risk', '  - testing'), 'invalid-methodology', 'tags[1]'],
    ['empty body', canonical.replace('## Purpose\n\nTo test.', ''), 'invalid-methodology', 'body'],
  ])('%s', (_, text, code, path) => {
    const error = refused(text)
    expect(error.code).toBe(code)
    expect(error.issues.map((i) => i.path)).toContain(path)
    expect(error.message.length).toBeGreaterThan(0)
  })

  it('refuses a body over the byte limit, counting UTF-8 bytes', () => {
    const body = '£'.repeat(METHODOLOGY_BODY_MAX_BYTES / 2 + 1) // 2 bytes each
    const error = refused(canonical.replace('To test.', body))
    expect(error.code).toBe('too-large')
    expect(error.issues[0]?.path).toBe('body')
    expect(error.issues[0]?.message).toContain(`${METHODOLOGY_BODY_MAX_BYTES} bytes`)
  })

  it('refuses a huge file before parsing it', () => {
    expect(refused('x'.repeat(1_000_001)).code).toBe('too-large')
  })

  it('never throws, whatever it is given', () => {
    for (const input of ['', '---', '---\n---', '---\n---\n## Canvas template\n```json\n```', 42, null, undefined]) {
      expect(importMethodologyMarkdown(input as string).ok).toBe(false)
    }
  })
})

describe('libraries', () => {
  const other = make({ slug: 'other-method', title: 'Other method' })

  it('export then import gives the same methodologies in the same order', () => {
    const files = exportLibrary([base, other])
    expect(files.map((f) => f.filename)).toEqual(['test-method.md', 'other-method.md'])
    expect(importLibrary(files)).toEqual({ ok: true, value: [base, other] })
  })

  it('an empty library is fine', () => {
    expect(importLibrary([])).toEqual({ ok: true, value: [] })
  })

  it('refuses a file named differently from its slug', () => {
    const result = importLibrary([{ filename: 'renamed.md', content: canonical }])
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-library', issues: [{ path: 'renamed.md' }] } })
  })

  it('refuses duplicate slugs, naming both files', () => {
    const result = importLibrary([
      { filename: 'test-method.md', content: canonical },
      { filename: 'test-method.md', content: canonical },
    ])
    if (result.ok) throw new Error('expected refusal')
    expect(result.error.issues.some((i) => i.message.includes('already used by test-method.md'))).toBe(true)
  })

  it('reports every broken file, each issue prefixed by its file name', () => {
    const result = importLibrary([
      { filename: 'test-method.md', content: canonical.replace('stage: analyse', 'stage: nope') },
      { filename: 'other-method.md', content: exportMethodologyMarkdown(other).replace('"type":"frame"', '"type":"blob"') },
      { filename: 'empty.md', content: 7 as unknown as string },
    ])
    if (result.ok) throw new Error('expected refusal')
    expect(result.error.code).toBe('invalid-library')
    expect(result.error.issues.map((i) => i.path)).toEqual(['test-method.md: stage', 'other-method.md: template.shapes[0].type', 'empty.md'])
  })
})
