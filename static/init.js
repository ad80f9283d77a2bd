import { initAll } from './govuk-frontend.min.js'
initAll()
if (document.querySelector('[data-provision-check]')) import('./provision-check.js')
