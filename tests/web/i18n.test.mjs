// The catalogs and their formatter (web/shared/i18n.js): which locale a reader gets, words with
// placeholders and plurals in that locale's rules, English for a key a locale lacks, and every
// locale's catalog holding English's keys with the same placeholders.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_LOCALE, LOCALES, direction, pickLocale, placeholders, setLocale, t } from '../../web/shared/i18n.js'
import en from '../../web/locales/en.js'

const fakePage = () => ({ documentElement: { lang: '', dir: '' } })

test("the reader's own choice wins, then the chat's, then the browser's, then the default", () => {
  const available = ['en', 'es', 'pt-BR', 'ar']
  assert.equal(pickLocale(['ar', 'es', ['de-DE', 'pt-BR'], 'en'], available), 'ar')
  assert.equal(pickLocale([null, 'es', ['de-DE', 'pt-BR']], available), 'es')
  assert.equal(pickLocale([null, null, ['de-DE', 'pt-PT'], 'en'], available), 'pt-BR') // its language, another region
  assert.equal(pickLocale([null, null, ['ES-mx']], available), 'es')
  assert.equal(pickLocale([null, null, ['ko']], available), DEFAULT_LOCALE)
})

test('Arabic and Hebrew read right to left, and the document says so', async () => {
  assert.equal(direction('ar'), 'rtl')
  assert.equal(direction('he-IL'), 'rtl')
  assert.equal(direction('de'), 'ltr')
  const page = fakePage()
  await setLocale('ar', { load: async () => ({ default: {} }), page })
  assert.deepEqual(page.documentElement, { lang: 'ar', dir: 'rtl' })
  await setLocale('en', { page: fakePage() })
})

test("plurals and digits follow the locale's own rules: Arabic (Egypt) has six forms", async () => {
  const catalog = {
    'test.messages': '{count, plural, zero {لا رسائل} one {رسالة واحدة} two {رسالتان} few {# رسائل} many {# رسالة} other {# رسالة}}',
  }
  await setLocale('ar-EG', { load: async () => ({ default: catalog }), page: fakePage() })
  try {
    assert.deepEqual([0, 1, 2, 3, 11, 100].map((count) => t('test.messages', { count })),
      ['لا رسائل', 'رسالة واحدة', 'رسالتان', '٣ رسائل', '١١ رسالة', '١٠٠ رسالة'])
  } finally {
    await setLocale('en', { page: fakePage() })
  }
})

test('a key a locale lacks is shown in English, that key only', async () => {
  await setLocale('xx', { load: async () => ({ default: { 'error.network': 'Pas de réseau.' } }), page: fakePage() })
  try {
    assert.equal(t('error.network'), 'Pas de réseau.')
    assert.equal(t('error.chat_closed'), en['error.chat_closed'])
  } finally {
    await setLocale('en', { page: fakePage() })
  }
})

test('a key no catalog has is an error, never a blank', () => {
  assert.throws(() => t('no.such.key'), /no words for no.such.key/)
})

test("every locale's catalog has English's keys, each with the same placeholders", async () => {
  const englishPlaceholders = Object.fromEntries(Object.entries(en).map(([key, message]) => [key, placeholders(message)]))
  for (const tag of Object.keys(LOCALES)) {
    const { default: catalog } = await import(`../../web/locales/${tag}.js`)
    const missing = Object.keys(en).filter((key) => catalog[key] === undefined)
    assert.deepEqual(missing, [], `${tag} lacks these keys`)
    for (const [key, message] of Object.entries(catalog)) {
      assert.ok(key in en, `${tag} has ${key}, which English has not`)
      assert.deepEqual(placeholders(message), englishPlaceholders[key], `${tag}: ${key}'s placeholders`)
    }
  }
})

test('placeholders are found inside plural and select branches too', () => {
  assert.deepEqual(placeholders('{who} sent {count, plural, one {# file} other {# files to {place}}}'), ['count', 'place', 'who'])
})
