/**
 * The reference: `@y/websocket-server` 0.1.1 (`src/server.js`) with y-leveldb persistence (env YPERSISTENCE=<dir>;
 * HOST and PORT as read in its server.js). It accepts any room name (the URL path) and unloads a document as soon as
 * its last connection closes (utils.js closeConn), without logging it.
 */
import { sleep } from '../lib/wait'
import { freePort, freshDir, HOST, launch, localBoardId, type ServerProcess } from './server-process'
import type { Target, TargetFactory } from './types'

const SERVER_JS = 'node_modules/@y/websocket-server/src/server.js'

export const startReference: TargetFactory = async () => {
  const port = await freePort()
  const env = { HOST, PORT: String(port), YPERSISTENCE: freshDir('reference') }
  const start = (): Promise<ServerProcess> => launch('reference', [SERVER_JS], env, `http://${HOST}:${port}/`)
  let proc = await start()
  const target: Target = {
    name: 'reference',
    get pid() {
      return proc.pid
    },
    port,
    isStateful: true,
    createBoard: async () => localBoardId(),
    connectInfo(boardId) {
      const serverUrl = `ws://${HOST}:${port}`
      return { serverUrl, room: boardId, params: {}, url: `${serverUrl}/${boardId}` }
    },
    mark() {},
    async waitUnloaded() {
      // reason: the reference unloads synchronously in its close handler and logs nothing; give the close frames
      // and its LevelDB queue a moment, since there is no condition to poll.
      await sleep(500)
      return true
    },
    async restart() {
      // No signal handler in server.js: SIGTERM ends it at once; LevelDB has already written its log file.
      await proc.stop('SIGTERM')
      proc = await start()
    },
    stop: () => proc.stop('SIGTERM'),
  }
  return target
}
