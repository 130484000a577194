// Copy to the site root as /config.js for a deployment (make web-dist does). Public values
// only: the publishable key is meant for browsers; no secret belongs in web/.
window.CHAT_CONFIG = {
  apiBaseUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
  supabaseUrl: 'https://yourproject.supabase.co',
  supabasePublishableKey: 'sb_publishable_...',
  customerWelcomeLine: '', // what an empty chat says to the customer; '' for the page's own words
  customerClosedLine: '', // how the customer of a closed chat reaches support again; '' for the page's own words
}
