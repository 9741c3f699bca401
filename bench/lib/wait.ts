/** Polling helpers: wait for a condition instead of sleeping a fixed time. Every wait is bounded. */

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Poll `cond` every `everyMs` until it is truthy or `timeoutMs` passes; throws with `what` on timeout. */
export async function waitFor<T>(cond: () => T | Promise<T>, timeoutMs: number, what: string, everyMs = 20): Promise<T> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const v = await cond()
    if (v) return v
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

/** Like waitFor but returns false on timeout instead of throwing. */
export async function pollUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (await cond()) return true
    if (performance.now() > deadline) return false
    await sleep(everyMs)
  }
}
