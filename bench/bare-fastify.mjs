// The reference for npm run bench:web: a bare Fastify JSON route, no plugins, no logging, in its own process.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => ({ hello: 'world' }))
await app.listen({ port: Number(process.env.PORT ?? 4106), host: '127.0.0.1' })
console.log('listening')
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
