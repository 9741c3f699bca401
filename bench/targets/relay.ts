/** The relay (bench/relay.ts) as a bench target: the floor. It keeps nothing, so restart/unload cases are n/a. */
import { freePort, HOST, launch, localBoardId, type ServerProcess } from './server-process'
import type { Target, TargetFactory } from './types'

export const startRelay: TargetFactory = async () => {
  const port = await freePort()
  const env = { HOST, PORT: String(port) }
  const start = (): Promise<ServerProcess> => launch('relay', ['--import', 'tsx', 'bench/relay.ts'], env, `http://${HOST}:${port}/healthz`)
  let proc = await start()
  const target: Target = {
    name: 'relay',
    get pid() {
      return proc.pid
    },
    port,
    isStateful: false,
    createBoard: async () => localBoardId(),
    connectInfo(boardId) {
      const serverUrl = `ws://${HOST}:${port}`
      return { serverUrl, room: boardId, params: {}, url: `${serverUrl}/${boardId}` }
    },
    mark() {},
    waitUnloaded: async () => true,
    async restart() {
      await proc.stop('SIGTERM')
      proc = await start()
    },
    stop: () => proc.stop('SIGTERM'),
  }
  return target
}
