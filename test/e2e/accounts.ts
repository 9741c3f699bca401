/**
 * Accounts adapter: the board API answers 401 once accounts are enabled on the server. Then each e2e user signs up
 * through the REST API inside its own browser context (so the session cookie lands in that context), and the
 * board creator shares the board with the others. Without accounts every call here is a no-op.
 */
import type { BrowserContext } from 'playwright-core'

export interface E2eUser {
  label: string
  name: string
  /** Server user id when accounts are on; null otherwise. */
  userId: string | null
}

let serial = 0

export async function signInIfRequired(context: BrowserContext, name: string, orgShortName: string, colour: string): Promise<E2eUser> {
  const probe = await context.request.get('/api/boards')
  if (probe.status() !== 401) return { label: name, name, userId: null }
  serial += 1
  const stamp = `${Date.now().toString(36)}${serial}`
  const response = await context.request.post('/api/auth/signup', {
    data: {
      name,
      email: `${name.toLowerCase()}.${stamp}@example.test`,
      password: `correct horse ${stamp}`,
      organisation: { name: `${name}'s ${orgShortName} ${stamp}`, shortName: orgShortName, colour },
    },
  })
  if (!response.ok()) throw new Error(`sign-up for ${name} failed: ${response.status()} ${await response.text()}`)
  const body = (await response.json()) as { user?: { id?: unknown } }
  const userId = typeof body.user?.id === 'string' ? body.user.id : null
  if (!userId) throw new Error(`sign-up for ${name} returned no user id`)
  return { label: name, name, userId }
}

/** Give `guest` editor access to the board, if accounts are on. */
export async function shareBoardIfRequired(ownerContext: BrowserContext, boardId: string, guest: E2eUser): Promise<void> {
  if (!guest.userId) return
  const response = await ownerContext.request.put(`/api/boards/${boardId}/shares`, {
    data: { principalType: 'user', principalId: guest.userId, role: 'editor' },
  })
  if (!response.ok()) throw new Error(`sharing board with ${guest.name} failed: ${response.status()} ${await response.text()}`)
}
