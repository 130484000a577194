// How message text and days are shown (web/shared/text.js).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { dayKey, dayLabel, fileSize, initials, lengthCount, linkParts } from '../../web/shared/text.js'

test('http and https URLs become links, the sentence keeps its punctuation', () => {
  assert.deepEqual(linkParts('See https://example.com/a?b=1, or (http://x.org).'), [
    { text: 'See ' }, { url: 'https://example.com/a?b=1', text: 'https://example.com/a?b=1' }, { text: ', or (' },
    { url: 'http://x.org', text: 'http://x.org' }, { text: ').' },
  ])
})

test('nothing but http and https is linked', () => {
  for (const text of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://x.org', 'mailto:a@b.c', 'me@www.example.com']) {
    assert.deepEqual(linkParts(text), [{ text }])
  }
})

test('an address written from www. is linked, opened as https, shown as written', () => {
  assert.deepEqual(linkParts('Try www.example.com/help.'), [
    { text: 'Try ' }, { url: 'https://www.example.com/help', text: 'www.example.com/help' }, { text: '.' },
  ])
})

test('text without a URL is one part, and an empty text none', () => {
  assert.deepEqual(linkParts('hello'), [{ text: 'hello' }])
  assert.deepEqual(linkParts(''), [])
})

test('a day separator says Today, Yesterday, or the date', () => {
  const now = new Date(2026, 10, 25, 9, 0)
  const format = { format: (date) => `day ${dayKey(date)}` }
  assert.equal(dayLabel(new Date(2026, 10, 25, 0, 1).toISOString(), now, format), 'Today')
  assert.equal(dayLabel(new Date(2026, 10, 24, 23, 59).toISOString(), now, format), 'Yesterday')
  assert.equal(dayLabel(new Date(2026, 10, 20, 12, 0).toISOString(), now, format), 'day 2026-11-20')
})

test('an avatar shows the first letters of the first and last words', () => {
  assert.equal(initials('Ada Lovelace'), 'AL')
  assert.equal(initials('Grace Brewster Hopper'), 'GH')
  assert.equal(initials('support'), 'S')
  assert.equal(initials('  émile   zola '), 'ÉZ')
  assert.equal(initials(''), '?')
})

test('a file size reads as bytes, KB or MB', () => {
  assert.equal(fileSize(1), '1 byte')
  assert.equal(fileSize(812), '812 bytes')
  assert.equal(fileSize(34_400), '34 KB')
  assert.equal(fileSize(10_485_760), '10.5 MB')
})

test('the reply box counts only near the limit, in characters as the API counts them', () => {
  const format = new Intl.NumberFormat('en')
  assert.equal(lengthCount('a'.repeat(3599), format), null)
  assert.deepEqual(lengthCount('a'.repeat(3950), format), { shown: '3,950 / 4,000', over: false })
  assert.deepEqual(lengthCount('😀'.repeat(4000), format), { shown: '4,000 / 4,000', over: false }) // 8,000 UTF-16 units
  assert.deepEqual(lengthCount('a'.repeat(4100), format), { shown: '4,100 / 4,000', over: true })
})
