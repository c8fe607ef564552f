// Starts webtorrent's bittorrent-tracker with its HTTP announce only, on loopback.
// Usage: node tracker.mjs PORT  (run from the folder where the package is installed)
import Server from 'bittorrent-tracker/server'

const port = Number(process.argv[2] || 18081)
const server = new Server({
  http: true,
  udp: false,
  ws: false,
  stats: false,
  trustProxy: false,
  // Each swarm keeps at most 1000 peers by default; the benchmark's popular contents have more holders,
  // so the cache is sized to keep every announced peer, as Peerage keeps every registered node.
  peersCacheLength: 1000000
})
server.on('error', err => { console.error('tracker error:', err.message); process.exitCode = 1 })
server.on('warning', err => console.error('tracker warning:', err.message))
server.on('listening', () => console.log(`bittorrent-tracker listening on http://127.0.0.1:${port}`))
server.listen(port, '127.0.0.1')
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)))
