/**
 * The board's imported contracts (`GET /api/boards/:boardId/contracts`): asked when the board opens, again whenever
 * its categories or their codes change (`linkKey`), and now and then, so a body's new import shows without a reload.
 */
import { useCallback, useEffect, useState } from 'react'
import type { BoardContracts } from '../../../shared/schema/board-contracts-api'
import { getBoardContracts } from '../../api/board-contracts'
import { describeError } from '../../api/client'

/** Imports are jobs of minutes, so a slow poll is enough. */
export const BOARD_CONTRACTS_POLL_MS = 60_000

export interface BoardContractsState {
  readonly contracts: BoardContracts | null
  readonly error: string | null
  refresh(): void
}

/** `linkKey` names the board's categories and their codes; empty when the board has no category. */
export function useBoardContracts(boardId: string, linkKey: string): BoardContractsState {
  const [contracts, setContracts] = useState<BoardContracts | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const isActive = linkKey !== ''

  useEffect(() => {
    if (!isActive) return
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const load = async () => {
      try {
        if (typeof document === 'undefined' || !document.hidden) {
          const answer = await getBoardContracts(boardId, controller.signal)
          setContracts((prev) => (prev !== null && JSON.stringify(prev) === JSON.stringify(answer) ? prev : answer))
          setError(null)
        }
      } catch (e) {
        if (controller.signal.aborted) return
        setError(describeError(e))
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void load(), BOARD_CONTRACTS_POLL_MS)
    }
    void load()
    return () => {
      controller.abort()
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [boardId, isActive, linkKey, tick])

  const refresh = useCallback(() => setTick((t) => t + 1), [])
  return { contracts: isActive ? contracts : null, error, refresh }
}
