// Files chosen for a message (web/shared/uploads.js): refused by name as they are chosen.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { stageFiles } from '../../web/shared/uploads.js'

const RULES = { types: ['image/png', 'application/pdf', 'text/plain'], max_bytes: 10_000_000, max_files: 2 }
const file = (name, type, size = 10) => ({ name, type, size })

test('a file of a type, a size or a count the API refuses is refused by name; the rest join', () => {
  const { files, refused } = stageFiles([file('a.png', 'image/png')], [
    file('page.html', 'text/html'), file('big.pdf', 'application/pdf', 11_600_000), file('b.txt', 'text/plain'),
    file('c.txt', 'text/plain'), file('empty.txt', 'text/plain', 0),
  ], RULES)

  assert.deepEqual(files.map((f) => f.name), ['a.png', 'b.txt'])
  assert.deepEqual(refused, [
    "“page.html” can't be attached: files of this type aren't accepted. Images, PDF, text and office documents are.",
    '“big.pdf” is 11.6 MB: a file can be at most 10.0 MB.',
    "“c.txt” wasn't added: a message takes at most 2 files.",
    '“empty.txt” is empty.',
  ])
})

test('until the rules are known, only empty files and a sixth file are refused (the API checks the rest)', () => {
  const chosen = Array.from({ length: 6 }, (_, n) => file(`f${n}.bin`, 'application/octet-stream'))
  const { files, refused } = stageFiles([], chosen, null)
  assert.equal(files.length, 5)
  assert.deepEqual(refused, ["“f5.bin” wasn't added: a message takes at most 5 files."])
})
