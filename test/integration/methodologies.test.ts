/** The knowledge base API: seeded library, ranked search, versions and restore, validation, safe rendering, exchange. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { starterBody } from '../../shared/knowledge/guidance'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'

let server: TestServer
let ann: TestAccount

beforeAll(async () => {
  server = await startTestServer()
  ann = await server.signup('Ann', 'Lancashire County Council')
})
afterAll(async () => {
  await server.destroy()
})

const template = {
  templateVersion: 1,
  shapes: [
    { type: 'frame', key: 'frame', x: 0, y: 0, w: 400, h: 300, name: 'Test' },
    { type: 'text', key: 't1', x: 20, y: 20, text: 'Hello', size: 'm', align: 'start' },
  ],
}
// Real guidance: the server refuses the new-method outline and guidance of fewer than 20 words of the author's own.
const GUIDANCE = "Use this to review a fleet category with partners: bring each body's fleet list, mileage and contract end dates, then agree which vehicles could share one framework.\n\nSteps:\n\n1. Do the thing"
const method = (slug: string, body = GUIDANCE) => ({
  slug,
  title: `Method ${slug}`,
  stage: 'analyse',
  summary: 'A test method for pooled spend.',
  whenToUse: 'When testing.',
  tags: ['test'],
  body,
  template,
})

describe('knowledge base', () => {
  it('reading needs a session', async () => {
    expect((await server.api(null, 'GET', '/api/methodologies')).status).toBe(401)
    expect((await server.api(null, 'POST', '/api/methodologies', method('x-no-session'))).status).toBe(401)
  })

  it('ships the seed library and a search for "supply risk" ranks the Kraljic matrix first', async () => {
    const all = (await (await server.api(ann.token, 'GET', '/api/methodologies')).json()) as { methodologies: Array<{ slug: string }> }
    expect(all.methodologies.length).toBeGreaterThanOrEqual(12)
    const res = await server.api(ann.token, 'GET', '/api/methodologies?q=supply%20risk')
    const found = (await res.json()) as { methodologies: Array<{ slug: string }> }
    expect(found.methodologies[0]?.slug).toBe('kraljic-portfolio-matrix')
  })

  it('filters by stage and tag', async () => {
    const res = (await (await server.api(ann.token, 'GET', '/api/methodologies?stage=analyse')).json()) as { methodologies: Array<{ stage: string }> }
    expect(res.methodologies.length).toBeGreaterThan(0)
    expect(res.methodologies.every((m) => m.stage === 'analyse')).toBe(true)
    expect((await server.api(ann.token, 'GET', '/api/methodologies?stage=nonsense')).status).toBe(400)
  })

  it('edit makes a new version, history shows who changed what, and restore brings an old version back', async () => {
    const created = await server.api(ann.token, 'POST', '/api/methodologies', method('fleet-review'))
    expect(created.status).toBe(201)
    expect((await server.api(ann.token, 'POST', '/api/methodologies', method('fleet-review'))).status).toBe(409)
    const bob = await server.signup('Bob', 'Lancashire Constabulary')
    const edited = await server.api(bob.token, 'PUT', '/api/methodologies/fleet-review', { ...method('fleet-review', `${GUIDANCE}\n2. Check the police fleet too`), baseVersion: 1, changeNote: 'Add police fleet' })
    expect(edited.status).toBe(200)
    expect(((await edited.json()) as { version: number }).version).toBe(2)
    const stale = await server.api(ann.token, 'PUT', '/api/methodologies/fleet-review', { ...method('fleet-review'), baseVersion: 1 })
    expect(stale.status).toBe(409)
    const versions = (await (await server.api(ann.token, 'GET', '/api/methodologies/fleet-review/versions')).json()) as {
      versions: Array<{ version: number; author: { name: string; orgName: string }; changeNote: string }>
    }
    expect(versions.versions.map((v) => [v.version, v.author.name, v.author.orgName])).toEqual([
      [2, 'Bob', 'Lancashire Constabulary'],
      [1, 'Ann', 'Lancashire County Council'],
    ])
    const diff = (await (await server.api(ann.token, 'GET', '/api/methodologies/fleet-review/versions/2/diff')).json()) as { body: Array<{ kind: string; text: string }> }
    expect(diff.body.filter((l) => l.kind === 'added').map((l) => l.text)).toEqual(['2. Check the police fleet too'])
    const restored = await server.api(ann.token, 'POST', '/api/methodologies/fleet-review/restore', { version: 1 })
    const after = (await restored.json()) as { version: number; body: string; contributors: Array<{ orgName: string }> }
    expect(after.version).toBe(3)
    expect(after.body).toBe(GUIDANCE)
    expect(after.contributors.map((c) => c.orgName)).toEqual(['Lancashire County Council', 'Lancashire Constabulary'])
    const v2 = (await (await server.api(ann.token, 'GET', '/api/methodologies/fleet-review/versions/2')).json()) as { body: string }
    expect(v2.body).toContain('police fleet')
  })

  it('bad templates get 400 and store nothing; oversized bodies get 413', async () => {
    const bad = { ...method('bad-template'), template: { templateVersion: 1, shapes: [{ type: 'rocket', key: 'r', x: 0, y: 0 }] } }
    const res = await server.api(ann.token, 'POST', '/api/methodologies', bad)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/template/)
    expect((await server.api(ann.token, 'GET', '/api/methodologies/bad-template')).status).toBe(404)
    const huge = await server.api(ann.token, 'POST', '/api/methodologies', method('huge-body', 'x'.repeat(150_000)))
    expect(huge.status).toBe(413)
    expect((await server.api(ann.token, 'GET', '/api/methodologies/huge-body')).status).toBe(404)
    const manyShapes = { ...method('many-shapes'), template: { templateVersion: 1, shapes: Array.from({ length: 500 }, (_, i) => ({ type: 'text', key: `t${i}`, x: 0, y: i, text: 'x', size: 'm', align: 'start' })) } }
    expect((await server.api(ann.token, 'POST', '/api/methodologies', manyShapes)).status).toBe(413)
  })

  it('refuses placeholder guidance: the new-method outline or a few words, with a clear error, storing nothing', async () => {
    const outline = await server.api(ann.token, 'POST', '/api/methodologies', method('outline-only', starterBody('Outline only')))
    expect(outline.status).toBe(400)
    const body = (await outline.json()) as { error: { code: string; message: string; details?: Array<{ path: string; message: string }> } }
    expect(body.error.message).toMatch(/outline's prompt under "Purpose", "When to use", "A public-sector example"/)
    expect(body.error.message).toMatch(/write at least 20/)
    expect(body.error.details?.every((d) => d.path === 'body')).toBe(true)
    expect((await server.api(ann.token, 'GET', '/api/methodologies/outline-only')).status).toBe(404)
    const short = await server.api(ann.token, 'POST', '/api/methodologies', method('too-short', '## Purpose\n\nTo be written.'))
    expect(short.status).toBe(400)
    expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(/has 3 words of its own/)
    // A new version cannot swap real guidance for the outline either.
    expect((await server.api(ann.token, 'POST', '/api/methodologies', method('real-guidance'))).status).toBe(201)
    const emptied = await server.api(ann.token, 'PUT', '/api/methodologies/real-guidance', { ...method('real-guidance', starterBody('Real guidance')), baseVersion: 1 })
    expect(emptied.status).toBe(400)
  })

  it('script in a body never reaches the page as script', async () => {
    const body = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(2)">',
      '[click](javascript:alert(3))',
      '[data](data:text/html;base64,PHNjcmlwdD4=)',
      '<a href="#" onclick="alert(4)">x</a>',
      '![img](javascript:alert(5))',
      '[ok](https://www.gov.uk/guidance)',
      GUIDANCE,
    ].join('\n\n')
    expect((await server.api(ann.token, 'POST', '/api/methodologies', method('xss-check', body))).status).toBe(201)
    const got = (await (await server.api(ann.token, 'GET', '/api/methodologies/xss-check')).json()) as { bodyHtml: string }
    expect(got.bodyHtml).not.toMatch(/<script/i)
    expect(got.bodyHtml).not.toMatch(/<img[^>]+onerror/i)
    expect(got.bodyHtml).not.toMatch(/<a[^>]+onclick/i)
    expect(got.bodyHtml).not.toMatch(/href="(javascript|data):/i)
    expect(got.bodyHtml).not.toMatch(/src="javascript:/i)
    expect(got.bodyHtml).toContain('href="https://www.gov.uk/guidance"')
    expect(got.bodyHtml).toContain('&lt;script&gt;')
  })

  it('exports one method as Markdown and imports it back; the library downloads as a zip', async () => {
    const md = await (await server.api(ann.token, 'GET', '/api/methodologies/kraljic-portfolio-matrix/export.md')).text()
    expect(md).toContain('## Canvas template')
    const renamed = md.replace(/^slug: .*$/m, 'slug: kraljic-copy')
    const imported = await server.api(ann.token, 'POST', '/api/methodologies/import', { files: [{ filename: 'kraljic-copy.md', content: renamed }] })
    expect(imported.status).toBe(200)
    expect(((await imported.json()) as { created: string[] }).created).toEqual(['kraljic-copy'])
    const zip = await server.api(ann.token, 'GET', '/api/methodologies/export.zip')
    expect(zip.headers.get('content-type')).toBe('application/zip')
    const bytes = new Uint8Array(await zip.arrayBuffer())
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
    const broken = await server.api(ann.token, 'POST', '/api/methodologies/import', { files: [{ filename: 'a.md', content: 'not a methodology' }] })
    expect(broken.status).toBe(400)
  })

  it('counts boards that placed a method', async () => {
    const board = await server.createBoard('KB usage', ann.token)
    expect((await server.api(ann.token, 'POST', '/api/methodologies/swot-analysis/usage', { boardId: board, version: 1 })).status).toBe(204)
    const bob = await server.signup('Stranger', 'Somewhere Else')
    expect((await server.api(bob.token, 'POST', '/api/methodologies/swot-analysis/usage', { boardId: board, version: 1 })).status).toBe(404)
    const list = (await (await server.api(ann.token, 'GET', '/api/methodologies?sort=most-used')).json()) as { methodologies: Array<{ slug: string; usageCount: number }> }
    expect(list.methodologies[0]).toMatchObject({ slug: 'swot-analysis', usageCount: 1 })
  })
})
