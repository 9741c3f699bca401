/**
 * @module knowledge/guidance
 * The outline a new method's guidance starts from, and the rule that guidance published to the shared library is
 * real: the outline's prompts replaced and enough words of the author's own. The dialog and the server use the same
 * rule, so the library never fills with placeholder text.
 */
import { ok } from '../domain/result'
import type { Result } from '../domain/result'
import { knowledgeFailure } from './errors'
import type { KnowledgeError } from './errors'

/** Fewest words of the author's own (outline text, headings and markup not counted) a published method's guidance needs. */
export const GUIDANCE_MIN_WORDS = 20

const PURPOSE_PROMPT = (title: string) => `What ${title.trim() || 'this method'} helps a category team decide or see.`
const WHEN_PROMPT = 'The situations that call for it, and the stage of the category-management cycle.'
const EXAMPLE_PROMPT = 'A short, anonymised example from a workshop.'
const STEP_LINES = ['1. Set up the board and explain the layout.', '2. Gather the evidence each partner brings.', '3. Place, discuss and agree.']
const QUESTION_LINE = '- What evidence supports this?'

/** The seed library's outline, for a new methodology's body: headings and prompts to replace. */
export function starterBody(title: string): string {
  return [
    '## Purpose',
    '',
    PURPOSE_PROMPT(title),
    '',
    '## When to use',
    '',
    WHEN_PROMPT,
    '',
    '## Steps',
    '',
    ...STEP_LINES,
    '',
    '## Questions to ask',
    '',
    QUESTION_LINE,
    '',
    '## Pitfalls',
    '',
    '- ',
    '',
    '## A public-sector example',
    '',
    EXAMPLE_PROMPT,
  ].join('\n')
}

/** Prompts that say what to write rather than being guidance; each must be replaced before publishing. */
const PROMPTS: readonly { readonly section: string; readonly matches: (line: string) => boolean }[] = [
  { section: 'Purpose', matches: (l) => /^What .{1,200} helps a category team decide or see\.$/.test(l) },
  { section: 'When to use', matches: (l) => l === WHEN_PROMPT },
  { section: 'A public-sector example', matches: (l) => l === EXAMPLE_PROMPT },
]
const OUTLINE_LINES = new Set([...STEP_LINES, QUESTION_LINE, WHEN_PROMPT, EXAMPLE_PROMPT])

/** Words of the author's own: headings, outline lines, HTML tags, link targets and list markers are not counted. */
export function countGuidanceWords(body: string): number {
  let count = 0
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || OUTLINE_LINES.has(line) || PROMPTS.some((p) => p.matches(line))) continue
    const text = line.replace(/<[^>]*>/g, ' ').replace(/\]\([^)]*\)/g, ' ').replace(/https?:\/\/\S+/g, ' ')
    count += (text.match(/\p{L}[\p{L}\p{N}'’-]*/gu) ?? []).filter((w) => w.length >= 2).length
  }
  return count
}

/**
 * Refuses guidance that is still the outline: a prompt left in place (named by its section) or fewer than
 * `GUIDANCE_MIN_WORDS` words of the author's own. Issues carry the path `body`.
 */
export function checkGuidance(body: string): Result<{ readonly wordCount: number }, KnowledgeError> {
  const lines = body.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim())
  const left = PROMPTS.filter((p) => lines.some((l) => p.matches(l))).map((p) => p.section)
  const wordCount = countGuidanceWords(body)
  const issues: { path: string; message: string }[] = []
  if (left.length > 0) issues.push({ path: 'body', message: `guidance still has the outline's prompt under ${left.map((s) => `"${s}"`).join(', ')}; replace it with your own words` })
  if (wordCount < GUIDANCE_MIN_WORDS) issues.push({ path: 'body', message: `guidance has ${wordCount} word${wordCount === 1 ? '' : 's'} of its own; write at least ${GUIDANCE_MIN_WORDS} (what the method is for, when to use it, the steps) before it goes into the shared library` })
  return issues.length === 0 ? ok({ wordCount }) : knowledgeFailure('placeholder-guidance', 'guidance not written yet', issues)
}
