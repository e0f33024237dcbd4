// The theme playground: edit a customer's widget theme and texts, preview them live in the real
// widget (the preview overrides the saved config through the element's properties), save through
// the partner server (which holds the admin token).
const form = document.getElementById('theme');
const status = document.getElementById('status');
const preview = document.getElementById('preview');
const visit = document.getElementById('visit');
const tabs = document.getElementById('sites');
const serviceUrl = new URL(document.querySelector('script[src$="/widget.js"]').src).origin;
let sites = [];
let current = null;
let floating = null;

function say(text, error = false) {
  status.textContent = text;
  status.className = error ? 'error' : '';
}

/** The form's values as the admin API's site fields. */
function values() {
  const f = new FormData(form);
  const theme = {
    accentColor: f.get('accentColor'),
    backgroundColor: f.get('backgroundColor'),
    textColor: f.get('textColor'),
    radius: Number(f.get('radius')),
    density: f.get('density'),
    colorScheme: f.get('colorScheme'),
    position: f.get('position'),
    fontFamily: f.get('fontFamily'),
    launcherIcon: f.get('launcherIcon'),
  };
  const prompts = String(f.get('starterPrompts') ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const greeting = String(f.get('greeting') ?? '').trim();
  return { theme, title: String(f.get('title') ?? '').trim(), greeting: greeting || null, starterPrompts: prompts };
}

function fill(site) {
  const t = site.theme;
  const set = (name, value) => (form.elements[name].value = value);
  set('accentColor', t.accentColor ?? '#2563eb');
  set('backgroundColor', t.backgroundColor ?? (t.colorScheme === 'dark' ? '#0f172a' : '#ffffff'));
  set('textColor', t.textColor ?? (t.colorScheme === 'dark' ? '#e2e8f0' : '#0f172a'));
  set('radius', t.radius ?? 12);
  set('density', t.density ?? 'comfortable');
  set('colorScheme', t.colorScheme ?? 'auto');
  set('position', t.position ?? 'bottom-right');
  const fonts = [...form.elements.fontFamily.options].map((o) => o.value);
  set('fontFamily', fonts.includes(t.fontFamily) ? t.fontFamily : fonts[0]);
  set('launcherIcon', typeof t.launcherIcon === 'string' && !t.launcherIcon.includes(':') ? t.launcherIcon : 'chat');
  set('title', site.title);
  set('greeting', site.greeting ?? '');
  set('starterPrompts', site.starterPrompts.join('\n'));
}

function apply(el) {
  const v = values();
  el.theme = v.theme;
  el.chatTitle = v.title;
  el.greeting = v.greeting;
  el.starterPrompts = v.starterPrompts;
}

function mount(site) {
  current = site;
  for (const b of tabs.children) b.setAttribute('aria-pressed', String(b.dataset.siteId === site.siteId));
  fill(site);
  visit.href = `${site.origin}/`;
  preview.replaceChildren();
  const inline = document.createElement('tessera-chat');
  inline.setAttribute('mode', 'inline');
  inline.setAttribute('service-url', serviceUrl);
  inline.setAttribute('site-key', site.siteKey);
  preview.append(inline);
  // A floating launcher of the same widget shows the position and the icon.
  floating?.remove();
  floating = document.createElement('tessera-chat');
  floating.setAttribute('service-url', serviceUrl);
  floating.setAttribute('site-key', site.siteKey);
  document.body.append(floating);
  for (const el of [inline, floating]) apply(el);
  say('');
}

form.addEventListener('input', () => {
  for (const el of [preview.firstElementChild, floating]) if (el) apply(el);
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  say('Saving…');
  const res = await fetch(`/api/sites/${current.siteId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(values()),
  });
  const body = await res.json();
  if (!res.ok) {
    const detail = body.error?.issues?.map((i) => `${i.path}: ${i.message}`).join('; ');
    say(`Not saved: ${detail || body.error?.message || res.status}`, true);
    return;
  }
  Object.assign(current, body);
  say(`Saved. ${current.name}'s site shows it on its next page load.`);
});

const res = await fetch('/api/sites');
sites = (await res.json()).items;
for (const site of sites) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = site.name;
  b.dataset.siteId = site.siteId;
  b.addEventListener('click', () => mount(site));
  tabs.append(b);
}
await customElements.whenDefined('tessera-chat');
mount(sites[0]);
