// A button that opens a few actions below it (a disclosure, so it needs no script to work):
// choosing an action, Escape or a click elsewhere closes it; Escape gives focus back to it.
import { useEffect, useRef } from 'preact/hooks'
import { html } from './html.js'

// label: what the button shows; group: what the actions are, for a screen reader.
export function Menu({ label, group, className = '', closeOnChoose = true, children }) {
  const menu = useRef(null)
  useEffect(() => {
    const closeOutside = (event) => {
      if (menu.current?.open && !menu.current.contains(event.target)) menu.current.open = false
    }
    const closeOnEscape = (event) => {
      if (event.key !== 'Escape' || !menu.current?.open || !menu.current.contains(document.activeElement)) return
      menu.current.open = false
      menu.current.querySelector('summary').focus()
    }
    document.addEventListener('pointerdown', closeOutside)
    document.addEventListener('keydown', closeOnEscape)
    return () => {
      document.removeEventListener('pointerdown', closeOutside)
      document.removeEventListener('keydown', closeOnEscape)
    }
  }, [])
  const chose = (event) => {
    // Only its own actions: a menu inside it (the transcript's, on a phone) shows its progress.
    if (closeOnChoose && event.target.closest('button') && event.target.closest('.menu') === event.currentTarget) {
      menu.current.open = false
    }
  }
  // Opened, it stays on the screen: it opens leftwards from its button (under the right edge),
  // or rightwards where that would run off the screen's left.
  // It shows once placed (the toggle event comes a moment after it opens).
  const place = () => {
    const panel = menu.current?.querySelector('.menu')
    if (!panel) return
    panel.classList.remove('rightwards', 'placed')
    if (!menu.current.open) return
    if (panel.getBoundingClientRect().left < 0) panel.classList.add('rightwards')
    panel.classList.add('placed')
  }
  return html`
    <details ref=${menu} class=${`menu-button ${className}`.trim()} onToggle=${place}>
      <summary>${label}</summary>
      <div class="menu" role="group" aria-label=${group ?? label} onClick=${chose}>${children}</div>
    </details>`
}
