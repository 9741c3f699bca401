/**
 * The board's pooled spend, kept live: polled every `BOARD_SPEND_POLL_MS` with the last version (`?since=`), so a
 * poll that finds nothing new costs one small answer, and an import by any body shows on every screen within seconds.
 * Polls only while some category on the board is linked to ProClass codes, and at once when the links change.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { BoardSpend } from '../../../shared/schema/board-spend-api'
import { getBoardSpend } from '../../api/board-spend'
import { describeError } from '../../api/client'

export const BOARD_SPEND_POLL_MS = 3000

export interface BoardSpendState {
  readonly spend: BoardSpend | null
  readonly error: string | null
  /** Ask now (after a change made here, e.g. sharing line detail). */
  refresh(): void
}

/** `linkKey` names the board's category links (ids and codes); empty when no category is linked. */
export function useBoardSpend(boardId: string, linkKey: string): BoardSpendState {
  const [spend, setSpend] = useState<BoardSpend | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const version = useRef<string | null>(null)
  const isActive = linkKey !== ''

  useEffect(() => {
    if (!isActive) return
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async () => {
      try {
        if (typeof document === 'undefined' || !document.hidden) {
          const answer = await getBoardSpend(boardId, version.current, controller.signal)
          if (!('unchanged' in answer)) {
            version.current = answer.version
            setSpend(answer)
          }
          setError(null)
        }
      } catch (e) {
        if (controller.signal.aborted) return
        setError(describeError(e))
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void poll(), BOARD_SPEND_POLL_MS)
    }
    void poll()
    return () => {
      controller.abort()
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [boardId, isActive, linkKey, tick])

  const refresh = useCallback(() => {
    version.current = null
    setTick((t) => t + 1)
  }, [])
  return { spend: isActive ? spend : null, error, refresh }
}
