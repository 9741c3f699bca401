/**
 * @module knowledge/markdown-io
 * The exchange format for methodologies: one Markdown file each, with a small strict front matter block (strings
 * and string lists only, a subset of YAML read by hand, no YAML dependency) and the canvas template as a fenced
 * JSON block under a final `## Canvas template` heading. Export then import gives back an equal methodology, and
 * importing a file this module wrote then exporting it gives back the same text. See docs/knowledge-base.md.
 */
import { err, ok } from '../domain/result'
import type { Result } from '../domain/result'
import { knowledgeFailure } from './errors'
import type { KnowledgeError, KnowledgeIssue } from './errors'
import { validateMethodology } from './methodology'
import type { Methodology } from './methodology'
import { validateTemplate } from './template'
import type { Template } from './template'

/** The `format` front matter value this build reads and writes. */
export const METHODOLOGY_FILE_FORMAT = 'pooled-methodology/1'
/** The heading that starts the template section; the last such line in a file is the real one. */
export const TEMPLATE_HEADING = '## Canvas template'
/** Largest file accepted for import, in characters (checked before any parsing). */
export const METHODOLOGY_FILE_MAX_CHARS = 1_000_000
/** Most files one library import may hold. */
export const LIBRARY_MAX_FILES = 500

/** One file of an exported library. */
export interface MethodologyFile {
  /** `<slug>.md` */
  readonly filename: string
  readonly content: string
}

/** Front matter fields in the order they are written. `tags` is the only list. */
const SCALAR_FIELDS = ['format', 'slug', 'title', 'stage', 'summary', 'whenToUse'] as const
const LIST_FIELDS = ['tags'] as const
type ScalarField = (typeof SCALAR_FIELDS)[number]
type ListField = (typeof LIST_FIELDS)[number]

/** The file name a methodology is stored under. */
export function methodologyFilename(slug: string): string {
  return `${slug}.md`
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** Words and shapes that a YAML reader would not take as a plain string (booleans, null, numbers). */
const YAML_NON_STRING = /^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\.?[0-9][0-9_.:eE+-]*|\.inf|\.nan))$/i

/**
 * Writes a scalar plain when a YAML reader would read back the same string, otherwise double-quoted. A JSON string
 * literal is a valid YAML double-quoted scalar, so quoting is `JSON.stringify`.
 */
function writeScalar(value: string): string {
  const isPlain =
    /^[A-Za-z0-9(]/.test(value) &&
    !/[\u0000-\u001f\u007f]/.test(value) &&
    !/\s$/.test(value) &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !value.endsWith(':') &&
    !YAML_NON_STRING.test(value)
  return isPlain ? value : JSON.stringify(value)
}

/** Canonical template JSON: one shape per line, so partners' diffs stay readable. */
function writeTemplateJson(template: Template): string {
  const shapes = template.shapes.map((shape) => `    ${JSON.stringify(shape)}`).join(',\n')
  return `{\n  "templateVersion": ${JSON.stringify(template.templateVersion)},\n  "shapes": [\n${shapes}\n  ]\n}`
}

/**
 * Writes one methodology as a Markdown file. The input should be a validated `Methodology`, whose strings are
 * already normalised; the output is then canonical (importing and exporting it again gives the same text).
 */
export function exportMethodologyMarkdown(methodology: Methodology): string {
  const scalars: Record<ScalarField, string> = {
    format: METHODOLOGY_FILE_FORMAT,
    slug: methodology.slug,
    title: methodology.title,
    stage: methodology.stage,
    summary: methodology.summary,
    whenToUse: methodology.whenToUse,
  }
  const lines = ['---']
  for (const field of SCALAR_FIELDS) lines.push(`${field}: ${writeScalar(scalars[field])}`)
  if (methodology.tags.length === 0) lines.push('tags: []')
  else {
    lines.push('tags:')
    for (const tag of methodology.tags) lines.push(`  - ${writeScalar(tag)}`)
  }
  lines.push('---', '', methodology.body, '', TEMPLATE_HEADING, '', '```json', writeTemplateJson(methodology.template), '```')
  return `${lines.join('\n')}\n`
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

type FrontMatter = { scalars: Partial<Record<ScalarField, string>>; lists: Partial<Record<ListField, string[]>> }

function isScalarField(name: string): name is ScalarField {
  return (SCALAR_FIELDS as readonly string[]).includes(name)
}
function isListField(name: string): name is ListField {
  return (LIST_FIELDS as readonly string[]).includes(name)
}

/**
 * Reads one scalar: `"double-quoted"` (JSON escapes), `'single-quoted'` ('' for a quote) or plain. Plain values
 * that YAML would read differently (`a: b`, ` #comment`, leading indicators) are refused rather than guessed.
 */
function readScalar(raw: string): Result<string, string> {
  const value = raw.trim()
  if (value.startsWith('"')) {
    if (!value.endsWith('"') || value.length < 2) return err('double-quoted value is not closed on the same line')
    try {
      const parsed: unknown = JSON.parse(value)
      if (typeof parsed === 'string') return ok(parsed)
    } catch {
      // reason: a malformed escape is reported as a value below, never thrown
    }
    return err(`double-quoted value is not a valid quoted string: ${value}`)
  }
  if (value.startsWith("'")) {
    const inner = value.slice(1, -1)
    if (value.length < 2 || !value.endsWith("'") || inner.replace(/''/g, '').includes("'")) {
      return err('single-quoted value is not closed on the same line, or has an unescaped quote (write it as two)')
    }
    return ok(inner.replace(/''/g, "'"))
  }
  if (value === '') return err('value is empty; write "" for an empty string')
  if (/^[-?:,[\]{}#&*!|>%@`]/.test(value)) return err(`value starts with "${value[0]}"; put it in double quotes`)
  if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) {
    return err('value contains ": " or " #" or ends with ":"; put it in double quotes')
  }
  return ok(value)
}

function readFrontMatter(lines: readonly string[], firstLine: number): Result<FrontMatter, KnowledgeIssue[]> {
  const issues: KnowledgeIssue[] = []
  const fm: FrontMatter = { scalars: {}, lists: {} }
  const seen = new Set<string>()
  let openList: ListField | undefined
  lines.forEach((line, index) => {
    const where = `front matter line ${firstLine + index}`
    if (line.trim() === '' || line.trimStart().startsWith('#')) return
    const item = /^\s*- (.*)$|^\s*-$/.exec(line)
    if (item) {
      if (openList === undefined) {
        issues.push({ path: where, message: 'list item outside a list field' })
        return
      }
      const value = readScalar(item[1] ?? '')
      if (value.ok) fm.lists[openList]?.push(value.value)
      else issues.push({ path: where, message: `${openList}: ${value.error}` })
      return
    }
    openList = undefined
    const field = /^([A-Za-z][A-Za-z0-9]*):(?: (.*)|)$/.exec(line)
    if (!field || field[1] === undefined) {
      issues.push({ path: where, message: `expected "name: value" or a "  - item" list line; got ${JSON.stringify(line)}` })
      return
    }
    const name = field[1]
    const rest = (field[2] ?? '').trim()
    if (seen.has(name)) {
      issues.push({ path: where, message: `field "${name}" appears twice` })
      return
    }
    seen.add(name)
    if (isListField(name)) {
      if (rest === '[]') fm.lists[name] = []
      else if (rest === '') {
        fm.lists[name] = []
        openList = name
      } else issues.push({ path: where, message: `${name} must be a list: "${name}: []" or one "  - item" line each` })
      return
    }
    if (!isScalarField(name)) {
      issues.push({
        path: where,
        message: `unknown field "${name}"; expected ${[...SCALAR_FIELDS, ...LIST_FIELDS].join(', ')}`,
      })
      return
    }
    const value = readScalar(rest)
    if (value.ok) fm.scalars[name] = value.value
    else issues.push({ path: where, message: `${name}: ${value.error}` })
  })
  for (const name of [...SCALAR_FIELDS, ...LIST_FIELDS]) {
    if (!seen.has(name)) issues.push({ path: 'front matter', message: `field "${name}" is missing` })
  }
  return issues.length === 0 ? ok(fm) : err(issues)
}

type Sections = { frontMatter: string[]; frontMatterFirstLine: number; body: string; templateJson: string }

/** Splits a file into front matter lines, body and template JSON, by line structure only (not a Markdown parse). */
function splitSections(text: string): Result<Sections, KnowledgeIssue> {
  const lines = text.split('\n')
  if (lines[0] !== '---') return err({ path: 'line 1', message: 'a methodology file starts with a "---" line (front matter)' })
  const close = lines.indexOf('---', 1)
  if (close === -1) return err({ path: 'front matter', message: 'front matter is not closed by a "---" line' })

  // The template section is the last heading line: anything above it, even another such heading, is body.
  let heading = -1
  for (let i = lines.length - 1; i > close; i--) {
    if (lines[i] === TEMPLATE_HEADING) {
      heading = i
      break
    }
  }
  const missing = `the file must end with a "${TEMPLATE_HEADING}" heading followed by a \`\`\`json fenced block`
  if (heading === -1) return err({ path: 'template', message: missing })
  let open = heading + 1
  while (open < lines.length && lines[open]?.trim() === '') open++
  if (lines[open]?.trim() !== '```json') {
    return err({ path: `line ${open + 1}`, message: `expected \`\`\`json after "${TEMPLATE_HEADING}"` })
  }
  let end = lines.length - 1
  while (end > open && lines[end]?.trim() === '') end--
  if (end === open || lines[end]?.trim() !== '```') {
    return err({ path: `line ${end + 1}`, message: 'the ```json block must be closed by a ``` line, with nothing after it' })
  }
  return ok({
    frontMatter: lines.slice(1, close),
    frontMatterFirstLine: 2,
    body: lines.slice(close + 1, heading).join('\n').trim(),
    templateJson: lines.slice(open + 1, end).join('\n'),
  })
}

/**
 * Reads one methodology from a Markdown file in the exchange format and validates it (fields and template).
 * Never throws. Fails with `invalid-markdown` (layout), `invalid-front-matter`, `invalid-template-json`, the
 * template's own codes (`unsupported-template-version`, `too-large`, `invalid-template`) or `invalid-methodology`.
 * Accepts CRLF line endings and a byte-order mark.
 */
export function importMethodologyMarkdown(text: string): Result<Methodology, KnowledgeError> {
  if (typeof text !== 'string') {
    return knowledgeFailure('invalid-markdown', 'methodology file refused', [{ path: '', message: 'file content must be text' }])
  }
  if (text.length > METHODOLOGY_FILE_MAX_CHARS) {
    return knowledgeFailure('too-large', 'methodology file refused', [
      { path: '', message: `a file must be at most ${METHODOLOGY_FILE_MAX_CHARS} characters; got ${text.length}` },
    ])
  }
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const sections = splitSections(normalised)
  if (!sections.ok) return knowledgeFailure('invalid-markdown', 'methodology file refused', [sections.error])
  const { frontMatter, frontMatterFirstLine, body, templateJson } = sections.value

  const fm = readFrontMatter(frontMatter, frontMatterFirstLine)
  if (!fm.ok) return knowledgeFailure('invalid-front-matter', 'methodology file refused', fm.error)
  const { format, ...fields } = fm.value.scalars
  if (format !== METHODOLOGY_FILE_FORMAT) {
    return knowledgeFailure('invalid-front-matter', 'methodology file refused', [
      { path: 'format', message: `format must be "${METHODOLOGY_FILE_FORMAT}"; got ${JSON.stringify(format)}` },
    ])
  }

  let templateInput: unknown
  try {
    templateInput = JSON.parse(templateJson)
  } catch (error) {
    // reason: JSON.parse is the only parser for the block; its failure is an expected bad-input value
    const detail = error instanceof Error ? error.message : String(error)
    return knowledgeFailure('invalid-template-json', 'methodology file refused', [
      { path: 'template', message: `the \`\`\`json block is not valid JSON: ${detail}` },
    ])
  }

  const methodology = validateMethodology({ ...fields, tags: fm.value.lists.tags ?? [], body, template: templateInput })
  if (methodology.ok) return methodology
  const template = validateTemplate(templateInput)
  const code = template.ok ? methodology.error.code : template.error.code
  return knowledgeFailure(code, 'methodology file refused', methodology.error.issues)
}

// ---------------------------------------------------------------------------------------------------------------
// Libraries

/** Writes a whole library, one `<slug>.md` file per methodology, in the given order. */
export function exportLibrary(methodologies: readonly Methodology[]): MethodologyFile[] {
  return methodologies.map((m) => ({ filename: methodologyFilename(m.slug), content: exportMethodologyMarkdown(m) }))
}

/**
 * Reads a whole library, all or nothing: every file must import, be named `<slug>.md` and have a slug of its own.
 * Never throws. Fails with `invalid-library`, with every problem of every file as an issue whose path starts with
 * the file name (`kraljic-portfolio-matrix.md: template.shapes[3].color`).
 */
export function importLibrary(files: readonly MethodologyFile[]): Result<Methodology[], KnowledgeError> {
  if (!Array.isArray(files)) {
    return knowledgeFailure('invalid-library', 'library refused', [{ path: '', message: 'a library is a list of files' }])
  }
  if (files.length > LIBRARY_MAX_FILES) {
    return knowledgeFailure('too-large', 'library refused', [
      { path: '', message: `a library holds at most ${LIBRARY_MAX_FILES} files; got ${files.length}` },
    ])
  }
  const issues: KnowledgeIssue[] = []
  const methodologies: Methodology[] = []
  const slugs = new Map<string, string>()
  for (const file of files as readonly unknown[]) {
    const { filename, content } = (typeof file === 'object' && file !== null ? file : {}) as Partial<Record<string, unknown>>
    const name = typeof filename === 'string' ? filename : '(unnamed file)'
    if (typeof content !== 'string') {
      issues.push({ path: name, message: 'file content must be text' })
      continue
    }
    const result = importMethodologyMarkdown(content)
    if (!result.ok) {
      for (const issue of result.error.issues) {
        issues.push({ path: issue.path === '' ? name : `${name}: ${issue.path}`, message: issue.message })
      }
      continue
    }
    const { slug } = result.value
    if (name !== methodologyFilename(slug)) {
      issues.push({ path: name, message: `file name must be "${methodologyFilename(slug)}" to match its slug` })
    }
    const other = slugs.get(slug)
    if (other !== undefined) issues.push({ path: name, message: `slug "${slug}" is already used by ${other}` })
    else slugs.set(slug, name)
    methodologies.push(result.value)
  }
  return issues.length === 0 ? ok(methodologies) : knowledgeFailure('invalid-library', 'library refused', issues)
}
