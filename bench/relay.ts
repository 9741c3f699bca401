/**
 * The floor: a bare forwarding relay. Every binary frame a socket sends is forwarded unchanged to the other sockets of
 * the same room (the URL path); nothing is stored, decoded or answered. `GET /healthz` → 200.
 * Env: HOST (default 127.0.0.1), PORT (default 0; the chosen port is printed as `listening <port>`).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT || '0')
const rooms = new Map<string, Set<WebSocket>>()

const server = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'text/plain' })
  res.end(req.url === '/healthz' ? 'ok' : 'not found')
})
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 })

server.on('upgrade', (req, socket, head) => {
  const room = (req.url ?? '/').split('?')[0] as string
  wss.handleUpgrade(req, socket, head, (ws) => {
    let peers = rooms.get(room)
    if (!peers) rooms.set(room, (peers = new Set()))
    peers.add(ws)
    const members = peers
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return
      for (const other of members) if (other !== ws && other.readyState === 1) other.send(data, { binary: true })
    })
    ws.on('close', () => {
      members.delete(ws)
      if (members.size === 0 && rooms.get(room) === members) rooms.delete(room)
    })
    ws.on('error', () => ws.terminate())
  })
})

server.listen(port, host, () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`)
})
const stop = () => {
  for (const c of wss.clients) c.terminate()
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 1000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
