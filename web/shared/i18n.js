// The words of every page in the reader's language: a catalog per locale (web/locales/<locale>.js,
// ICU MessageFormat: placeholders, plural, select), formatted by intl-messageformat (FormatJS),
// which knows every language's plural rules; a key a locale lacks falls back to English, that
// key only. English is always loaded; setLocale() loads another before the page renders.
import { IntlMessageFormat } from 'intl-messageformat'
import en from '../locales/en.js'

// The locales with a catalog: adding one is its file in web/locales/ and a line here (docs/pages.md).
export const LOCALES = { en: 'English' }
export const RIGHT_TO_LEFT = new Set(['ar', 'he'])
export const DEFAULT_LOCALE = 'en'

const catalogs = { en }
const formats = new Map() // `${locale}\u0000${key}` -> IntlMessageFormat, built once
let current = DEFAULT_LOCALE

const language = (tag) => String(tag || '').toLowerCase().split('-')[0]

// The first locale we have, in the order of preference: the reader's own choice, the one the
// chat stored, the browser's languages, the site's or deployment's default; English last. An
// exact tag wins over its language (pt-BR, zh-CN), a language over nothing.
export function pickLocale(preferences, available = Object.keys(LOCALES)) {
  const known = new Map(available.map((tag) => [tag.toLowerCase(), tag]))
  for (const wanted of preferences.flat().filter(Boolean)) {
    const exact = known.get(String(wanted).toLowerCase())
    if (exact) return exact
    const sameLanguage = available.find((tag) => language(tag) === language(wanted))
    if (sameLanguage) return sameLanguage
  }
  return DEFAULT_LOCALE
}

export const direction = (locale) => (RIGHT_TO_LEFT.has(language(locale)) ? 'rtl' : 'ltr')

// Load `locale`'s catalog (once) and make it the pages' language; the document says which.
// load(locale): the catalog module (an import of web/locales/<locale>.js by default).
export async function setLocale(locale, { load = (tag) => import(`../locales/${tag}.js`), page = globalThis.document } = {}) {
  if (!catalogs[locale]) catalogs[locale] = (await load(locale)).default
  current = locale
  if (page?.documentElement) {
    page.documentElement.lang = locale
    page.documentElement.dir = direction(locale)
  }
}

export const locale = () => current

// The words of `key` with `values` in the current locale (English where it has none).
export function t(key, values = {}) {
  const tag = catalogs[current]?.[key] !== undefined ? current : DEFAULT_LOCALE
  const message = catalogs[tag][key]
  if (message === undefined) throw new Error(`no words for ${key}`)
  const id = `${tag}\u0000${key}`
  if (!formats.has(id)) formats.set(id, new IntlMessageFormat(message, tag))
  return formats.get(id).format(values)
}

// Whether the English catalog has words for `key` (for words chosen by a code).
export const hasWords = (key) => en[key] !== undefined

// The keys of a catalog and the placeholders each uses (a test holds every locale to English's).
export function placeholders(message) {
  const names = new Set()
  const walk = (elements) => {
    for (const element of elements) {
      if (element.value && typeof element.value === 'string' && element.type !== 0) names.add(element.value)
      for (const option of Object.values(element.options || {})) walk(option.value)
    }
  }
  walk(new IntlMessageFormat(message, 'en').getAst())
  return [...names].sort()
}
