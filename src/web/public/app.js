import { initAll } from '/vendor/govuk/govuk-frontend.min.js'
initAll()

// A background job's page (decision 30): without JavaScript it refreshes itself (<noscript> meta refresh); with it,
// it asks the page's JSON twin every 2 seconds and updates the status, progress and note in place, then shows the
// finished page (with its result's link) once the job is no longer queued or running.
for (const panel of document.querySelectorAll('[data-job-poll]')) {
  const url = panel.getAttribute('data-job-poll')
  const tick = async () => {
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      if (!res.ok) return
      const { job, open } = await res.json()
      if (!open) return window.location.reload()
      const state = panel.querySelector('#job-state .govuk-tag')
      if (state) state.textContent = job.state.charAt(0).toUpperCase() + job.state.slice(1)
      const bar = panel.querySelector('#job-progress')
      const label = panel.querySelector('label[for="job-progress"]')
      if (bar && job.progressTotal) {
        bar.max = job.progressTotal
        bar.value = job.progressDone
        bar.textContent = `${job.percent}%`
      }
      if (label && job.progressTotal)
        label.textContent = `${job.progressDone} of ${job.progressTotal} done${job.percent !== null ? ` (${job.percent}%)` : ''}`
      const note = panel.querySelector('#job-note')
      if (note && job.progressNote) note.textContent = job.progressNote
    } catch {
      // the next tick tries again
    }
  }
  setInterval(tick, 2000)
}
