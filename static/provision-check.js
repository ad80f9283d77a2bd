// provision-check.js — the provision check as it is typed (issue 16).
// On the form of an outcome or a provision item, the server has already
// written the check of what the form holds (#provision-check); this keeps
// it current as the caseworker types, by asking GET /provision-check with
// the form's words and putting the verdict the server writes in its place.
// Without JavaScript the form works the same: the verdict is shown again
// after each save.
const box = document.querySelector('[data-provision-check]')
const result = document.getElementById('provision-check-result')
if (box && result) {
  const section = box.getAttribute('data-provision-check')
  const form = box.closest('form')
  const names = ['text', 'who', 'how_often', 'how_long', 'group_size', 'measure']
  let timer = null
  let asked = 0
  const check = async () => {
    const q = new URLSearchParams({ section })
    for (const n of names) {
      const el = form.elements.namedItem(n)
      if (el && 'value' in el) q.set(n, el.value)
    }
    const mine = ++asked
    try {
      const res = await fetch('/provision-check?' + q.toString(), { credentials: 'same-origin', headers: { accept: 'application/json' } })
      if (!res.ok || mine !== asked) return
      const v = await res.json()
      // the server's own HTML (escaped there), parsed as a document, never run
      const doc = new DOMParser().parseFromString(`<div>${v.html}</div>`, 'text/html')
      result.replaceChildren(...doc.body.firstChild.childNodes)
    } catch (e) {
      // the check is a help, not a gate: the saved item is checked again on its page
    }
  }
  form.addEventListener('input', (ev) => {
    if (!names.includes(ev.target.name)) return
    clearTimeout(timer)
    timer = setTimeout(check, 300)
  })
}
