/** Poll a (possibly async) predicate until it holds or a deadline passes. E2E code never sleeps for a fixed time. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition', intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown = null
  for (;;) {
    try {
      if (await predicate()) return
      lastError = null
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
