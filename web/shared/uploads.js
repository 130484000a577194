// Files straight to S3: the API signs a POST for one file (its name, type and exact size), and
// the browser sends it to S3 with progress, cancellable. S3's refusals read as plain words; one
// that a new try can cure (a policy that expired, the network) says so by having no status,
// as a network failure of the API does (outbox.js retries those).
import { useEffect, useState } from 'preact/hooks'
import { fileSize } from './text.js'

const MAX_FILES = 5 // per message, until the API's rules are known

// The most files one message takes: the API's rule, once known.
export const maxFiles = (rules) => rules?.max_files ?? MAX_FILES

export class UploadError extends Error {
  constructor(message, status) {
    super(message)
    this.status = status
  }
}

// What S3 answered (its XML error document's Code, never its English) in plain words, with
// the status the outbox acts on. S3 refuses a signature past its time as it refuses any policy
// (AccessDenied), so `expired` says whether the ticket's expires_at had passed.
export function s3Refusal(httpStatus, body, { expired = false } = {}) {
  const code = /<Code>([^<]+)<\/Code>/.exec(body ?? '')?.[1] ?? ''
  if (code === 'EntityTooLarge' || code === 'EntityTooSmall') {
    return new UploadError('The file changed after it was chosen. Attach it again.', 400)
  }
  if (code === 'AccessDenied' && expired) return new UploadError('The upload took too long. Trying again…', 0)
  if (httpStatus >= 500) return new UploadError('File storage is having trouble. Trying again…', 0)
  return new UploadError('File storage refused this file.', httpStatus)
}

export function uploadToS3(ticket, file, { onProgress = () => {}, signal } = {}) {
  return new Promise((resolve, reject) => {
    const form = new FormData()
    for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value)
    form.append('file', file) // last: S3 ignores fields after the file
    const request = new XMLHttpRequest()
    request.open('POST', ticket.url)
    request.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total) }
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) resolve()
      else reject(s3Refusal(request.status, request.responseText, { expired: Date.now() >= Date.parse(ticket.expires_at) }))
    }
    request.onerror = () => reject(new UploadError('The upload was interrupted. Trying again…', 0))
    request.onabort = () => reject(new UploadError('Cancelled.', -1))
    signal?.addEventListener('abort', () => request.abort())
    request.send(form)
  })
}

// Why a file cannot join a message that has `count` files, in words naming it ('' when it can).
// rules: the API's (GET /chat-message/uploads); until they are known, the API checks on Send.
function refusalOf(file, rules, count) {
  const name = `“${file.name}”`
  if (!file.size) return `${name} is empty.`
  if (count >= maxFiles(rules)) return `${name} wasn't added: a message takes at most ${maxFiles(rules)} files.`
  if (!rules) return ''
  if (!rules.types.includes(file.type)) {
    return `${name} can't be attached: files of this type aren't accepted. Images, PDF, text and office documents are.`
  }
  if (file.size > rules.max_bytes) return `${name} is ${fileSize(file.size)}: a file can be at most ${fileSize(rules.max_bytes)}.`
  return ''
}

// Files chosen for a message: those that may join it are added, each other one refused in
// words, so a wrong file never waits until Send (and never costs the typed text).
export function stageFiles(current, added, rules) {
  const files = [...current]
  const refused = []
  for (const file of added) {
    const refusal = refusalOf(file, rules, files.length)
    if (refusal) refused.push(refusal)
    else files.push(file)
  }
  return { files, refused }
}

// The API's rules for attachments, asked once per page (null until they arrive, or if asking failed).
const asked = new WeakMap()
export function useUploadRules(api) {
  const [rules, setRules] = useState(null)
  useEffect(() => {
    if (!asked.has(api)) asked.set(api, api.uploadRules().catch(() => { asked.delete(api); return null }))
    asked.get(api).then(setRules)
  }, [api])
  return rules
}
