/** Worker thread that compacts update logs (see compact.ts), so a large board's compaction never stalls live sync. */
import { parentPort } from 'node:worker_threads'
import { compactParts } from './compact'

parentPort?.on('message', (msg: { id: number; parts: Uint8Array[] }) => {
  try {
    const { snapshot, stateVector } = compactParts(msg.parts)
    parentPort?.postMessage({ id: msg.id, snapshot, stateVector }, [snapshot.buffer as ArrayBuffer, stateVector.buffer as ArrayBuffer])
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: String(err) })
  }
})
