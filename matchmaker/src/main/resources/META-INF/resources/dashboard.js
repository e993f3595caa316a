// The dashboard's script, served from this origin: the Content-Security-Policy allows no inline script.
const el = (tag, attrs = {}, text) => { const e = document.createElement(tag); Object.assign(e, attrs); if (text !== undefined) e.textContent = text; return e; };
async function json(url) { const r = await fetch(url); if (!r.ok) throw new Error(url + ': ' + r.status); return r.json(); }
async function render() {
  const hub = document.getElementById('hub').value;
  const matches = await json('/api/matches' + (hub ? '?hub=' + encodeURIComponent(hub) : '?limit=30'));
  const box = document.getElementById('matches'); box.replaceChildren();
  if (!matches.length) box.append(el('p', {}, 'No suggestions yet.'));
  for (const m of matches) {
    const card = el('div', { className: 'card match' });
    card.append(el('span', { className: 'score' }, m.score.toFixed(2)));
    card.append(el('h3', {}, m.hubA.name + ' \u2194 ' + m.hubB.name + (m.status === 'ACCEPTED' ? ' (accepted)' : '')));
    const tags = el('div'); m.topics.slice(0, 6).forEach(t => tags.append(el('span', { className: 'tag' }, t))); card.append(tags);
    const reasons = el('ul');
    for (const r of (m.explanations && m.explanations.length ? m.explanations : m.reasons.map(t => ({ text: t, claims: [] })))) {
      const item = el('li', {}, r.text);
      for (const c of r.claims) {
        if (!c.evidence) continue;
        const quote = el('blockquote', { className: 'evidence' }, '\u201c' + c.evidence + '\u201d');
        quote.append(el('cite', {}, ' \u2014 ' + c.hubName + (c.source ? ', ' + c.source : '')));
        item.append(quote);
      }
      reasons.append(item);
    }
    card.append(reasons);
    const table = el('table', { className: 'factors' });
    for (const f of m.factors) {
      const row = el('tr'); row.append(el('td', {}, f.factor));
      // width through the CSSOM, which a strict CSP allows (a style attribute would be inline style)
      const bar = el('td'); const fill = el('span', { className: 'bar' }); fill.style.width = Math.round(f.value * 120) + 'px'; bar.append(fill); row.append(bar);
      row.append(el('td', {}, f.value.toFixed(2) + ' \u00d7 ' + f.weight)); table.append(row);
    }
    card.append(table); box.append(card);
  }
  const consortia = await json('/api/consortia' + (hub ? '?hub=' + encodeURIComponent(hub) : ''));
  const cbox = document.getElementById('consortia'); cbox.replaceChildren();
  for (const c of consortia) {
    const card = el('div', { className: 'card consortium' });
    card.append(el('span', { className: 'score' }, c.score.toFixed(2)));
    card.append(el('h3', {}, c.goal + ': ' + c.members.map(m => m.name).join(', ')));
    const reasons = el('ul'); c.reasons.forEach(r => reasons.append(el('li', {}, r))); card.append(reasons);
    cbox.append(card);
  }
}
async function init() {
  const seen = new Map();
  for (const m of await json('/api/matches?limit=500')) { seen.set(m.hubA.slug, m.hubA.name); seen.set(m.hubB.slug, m.hubB.name); }
  const select = document.getElementById('hub');
  [...seen.entries()].sort((a, b) => a[1].localeCompare(b[1])).forEach(([slug, name]) => select.append(el('option', { value: slug }, name)));
  select.addEventListener('change', render);
  await render();
  setInterval(render, 10000);
}
init().catch(e => { document.getElementById('matches').textContent = 'Could not load suggestions: ' + e.message; });
