// Markup for components: htm's tagged templates bound to Preact (no JSX, no build step).
import { h } from 'preact'
import htm from 'htm'
import '@preact/signals' // components re-render when a signal they read changes

export const html = htm.bind(h)
