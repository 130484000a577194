// The outbox's life of a message (web/shared/outbox.js), against a fake API and fake timers.
import assert from 'node:assert/strict'
import { mock, test } from 'node:test'
import { createOutbox } from '../../web/shared/outbox.js'

const storage = () => {
  const data = new Map()
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, v), removeItem: (k) => data.delete(k), data }
}
const flushPromises = () => new Promise((resolve) => setImmediate(resolve))
const failure = (status, message = `status ${status}`) => Object.assign(new Error(message), { status })
let ids = 0
const newId = () => `id-${++ids}`

test('a message shows at once, keeps its id across retries, and leaves the outbox once stored', async () => {
  mock.timers.enable({ apis: ['setTimeout'] })
  try {
    const sentIds = []
    const answers = [failure(0), failure(503), { message: { seq: 1 } }]
    const sent = []
    const outbox = createOutbox({ chatId: 'c', storage: storage(), newId, onSent: (m) => sent.push(m),
      send: async (content, id) => { sentIds.push(id); const a = answers.shift(); if (a instanceof Error) throw a; return a } })

    const item = outbox.add('hello')
    assert.deepEqual(outbox.items.value.map((x) => x.state), ['sending'])
    await flushPromises()
    mock.timers.tick(1000)
    await flushPromises()
    mock.timers.tick(2000)
    await flushPromises()

    assert.deepEqual(sentIds, [item.clientMsgId, item.clientMsgId, item.clientMsgId])
    assert.deepEqual(outbox.items.value, [])
    assert.deepEqual(sent, [{ seq: 1 }])
  } finally {
    mock.timers.reset()
  }
})

test('a refusal that will not pass ends as failed, and a retry reuses the id', async () => {
  const sentIds = []
  const answers = [failure(409, 'chat session is closed'), { message: { seq: 2 } }]
  const outbox = createOutbox({ chatId: 'c', storage: storage(), newId,
    send: async (content, id) => { sentIds.push(id); const a = answers.shift(); if (a instanceof Error) throw a; return a } })

  const item = outbox.add('too late')
  await flushPromises()
  assert.deepEqual(outbox.items.value.map((x) => [x.state, x.error]), [['failed', 'chat session is closed']])

  outbox.retry(item.clientMsgId)
  await flushPromises()
  assert.deepEqual(sentIds, [item.clientMsgId, item.clientMsgId])
  assert.deepEqual(outbox.items.value, [])
})

test('an unsent message survives a reload and is sent again with the same id', async () => {
  const kept = storage()
  const first = createOutbox({ chatId: 'c', storage: kept, newId, send: () => new Promise(() => {}) })
  const item = first.add('written before the reload')
  first.stop()

  const sentIds = []
  const second = createOutbox({ chatId: 'c', storage: kept, newId,
    send: async (content, id) => { sentIds.push([content, id]); return { message: { seq: 3 } } } })
  assert.deepEqual(second.items.value.map((x) => x.content), ['written before the reload'])
  second.flush()
  await flushPromises()

  assert.deepEqual(sentIds, [['written before the reload', item.clientMsgId]])
  assert.equal(kept.data.size, 0)
})

test('flushing while a send is under way does not send it twice at once', async () => {
  let calls = 0
  let answer
  const outbox = createOutbox({ chatId: 'c', storage: storage(), newId,
    send: () => { calls++; return new Promise((resolve) => { answer = resolve }) } })
  outbox.add('once')
  outbox.flush()
  outbox.flush()
  answer({ message: { seq: 4 } })
  await flushPromises()
  assert.equal(calls, 1)
})

test('a message heard of by Realtime leaves the outbox without another send', async () => {
  const kept = storage()
  const outbox = createOutbox({ chatId: 'c', storage: kept, newId, send: () => new Promise(() => {}) })
  const item = outbox.add('already there')
  outbox.confirm([{ seq: 9, client_msg_id: item.clientMsgId }])
  assert.deepEqual(outbox.items.value, [])
  assert.equal(kept.data.size, 0)
})

test('a message with files sends the ids of its uploads, and a retry does not upload again', async () => {
  mock.timers.enable({ apis: ['setTimeout'] })
  try {
    const uploads = []
    const sends = []
    let refuseOnce = true
    const outbox = createOutbox({
      chatId: 'c', storage: storage(), newId,
      send: async (content, clientMsgId, { files, chosen, onUploaded }) => {
        files.forEach((file, index) => { if (!file.uploadId) { uploads.push(chosen[index].name); onUploaded(index, `u-${index}`) } })
        if (refuseOnce) { refuseOnce = false; throw failure(503) }
        sends.push({ content, ids: outbox.items.value[0].files.map((file) => file.uploadId) })
        return { message: { client_msg_id: clientMsgId } }
      },
    })

    outbox.add('', [{ name: 'a.png', size: 3, type: 'image/png' }])
    await flushPromises()
    mock.timers.tick(60_000)
    await flushPromises()

    assert.deepEqual(uploads, ['a.png'])
    assert.deepEqual(sends, [{ content: '', ids: ['u-0'] }])
    assert.equal(outbox.items.value.length, 0)
  } finally {
    mock.timers.reset()
  }
})

test('a cancelled message is never sent', async () => {
  let aborted = false
  const outbox = createOutbox({
    chatId: 'c', storage: storage(), newId,
    send: (content, clientMsgId, { signal }) => new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => { aborted = true; reject(new Error('Cancelled.')) })
    }),
  })
  const item = outbox.add('', [{ name: 'big.pdf', size: 9, type: 'application/pdf' }])

  outbox.cancel(item.clientMsgId)
  await Promise.resolve()

  assert.equal(aborted, true)
  assert.deepEqual(outbox.items.value, [])
})

test('after a reload a file that was not uploaded asks to be attached again', async () => {
  const kept = storage()
  kept.setItem('chat-outbox:c', JSON.stringify([{ clientMsgId: 'm1', content: 'see file', createdAt: 'x',
    files: [{ name: 'lost.pdf', size: 9, type: 'application/pdf' }] }]))
  const outbox = createOutbox({
    chatId: 'c', storage: kept, newId,
    send: (content, clientMsgId, { files, chosen }) => (chosen[0] ? Promise.resolve({}) : Promise.reject(
      failure(410, `${files[0].name} was not uploaded before the page closed. Attach it again.`))),
  })

  outbox.flush()
  await flushPromises()

  assert.equal(outbox.items.value[0].state, 'failed')
  assert.match(outbox.items.value[0].error, /lost.pdf was not uploaded/)
})

test("a refused message's file can be taken out, and Retry sends the rest without it", async () => {
  const sent = []
  let refuse = true
  const outbox = createOutbox({
    chatId: 'c', storage: storage(), newId,
    send: async (content, clientMsgId, { files, chosen }) => {
      if (refuse) { refuse = false; throw failure(422, 'That file’s content doesn’t match its type') }
      sent.push({ content, files: files.map((file) => file.name), chosen: chosen.map((file) => file.name) })
      return { message: {} }
    },
  })
  outbox.add('my receipt', [{ name: 'fake.png', size: 3, type: 'image/png' }, { name: 'note.txt', size: 4, type: 'text/plain' }])
  await flushPromises()
  const [failed] = outbox.items.value
  assert.equal(failed.state, 'failed')

  outbox.removeFile(failed.clientMsgId, 0)
  outbox.retry(failed.clientMsgId)
  await flushPromises()

  assert.deepEqual(sent, [{ content: 'my receipt', files: ['note.txt'], chosen: ['note.txt'] }])
  assert.equal(outbox.items.value.length, 0)
})
