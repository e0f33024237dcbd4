// The theme playground: edit a customer's widget theme and texts, preview them live in the real
// widget (the preview overrides the saved config through the element's properties), save through
// the partner server (which holds the admin token).
//
// Saving sends a JSON merge patch of what the user changed, and nothing else: a setting the
// customer never set stays unset (the widget's default applies, and default colors follow the
// visitor's color scheme), one the user cleared is sent as null (removed). Writing the whole form
// back would pin every default the form merely displays, e.g. a white background on a site whose
// color scheme is auto, for its dark-mode visitors too.
const form = document.getElementById('theme');
const status = document.getElementById('status');
const preview = document.getElementById('preview');
const visit = document.getElementById('visit');
const tabs = document.getElementById('sites');
const serviceUrl = new URL(document.querySelector('script[src$="/widget.js"]').src).origin;

/** The theme settings the form edits; any other (avatarUrl) is left as the customer has it. */
const THEME_KEYS = [
  'accentColor',
  'backgroundColor',
  'textColor',
  'radius',
  'density',
  'colorScheme',
  'position',
  'fontFamily',
  'launcherIcon',
];
/** Inputs that always hold a value: "unset" is a mark on the element, with the widget's default shown. */
const MARKED = ['accentColor', 'backgroundColor', 'textColor', 'radius'];

let sites = [];
/** The site being edited, with its settings as last saved. */
let current = null;
let floating = null;

function say(text, error = false) {
  status.textContent = text;
  status.className = error ? 'error' : '';
}

const field = (name) => form.elements[name];
const isUnset = (name) => field(name).hasAttribute('data-unset');

/** The widget's own defaults (its README), shown in an input whose setting is unset. */
function shownDefault(name) {
  const dark = field('colorScheme').value === 'dark';
  if (name === 'accentColor') return '#2563eb';
  if (name === 'backgroundColor') return dark ? '#17181c' : '#ffffff';
  if (name === 'textColor') return dark ? '#ececf1' : '#1c1d21';
  return '14'; // radius
}

function unset(name) {
  field(name).setAttribute('data-unset', '');
  field(name).value = shownDefault(name);
}

/** The theme as the form stands: only the settings it holds. */
function formTheme() {
  const theme = {};
  for (const key of THEME_KEYS) {
    const el = field(key);
    if (isUnset(key) || el.value === '') continue;
    theme[key] = key === 'radius' ? Number(el.value) : el.value;
  }
  return theme;
}

function formTexts() {
  const f = new FormData(form);
  const greeting = String(f.get('greeting') ?? '').trim();
  return {
    title: String(f.get('title') ?? '').trim(),
    greeting: greeting || null,
    starterPrompts: String(f.get('starterPrompts') ?? '')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** What changed since the last save, as a JSON merge patch (RFC 7396) of the site; null: nothing. */
function changes() {
  const patch = {};
  const before = current.theme ?? {};
  const after = formTheme();
  const theme = {};
  for (const key of THEME_KEYS) if (before[key] !== after[key]) theme[key] = after[key] ?? null;
  if (Object.keys(theme).length) patch.theme = theme;
  const texts = formTexts();
  if (texts.title !== current.title) patch.title = texts.title;
  if (texts.greeting !== (current.greeting ?? null)) patch.greeting = texts.greeting;
  if (texts.starterPrompts.join('\n') !== current.starterPrompts.join('\n')) patch.starterPrompts = texts.starterPrompts;
  return Object.keys(patch).length ? patch : null;
}

/** Make sure a select can show `value` (a logo URL, a font of the customer's own) without changing it. */
function ensureOption(select, value, label) {
  if ([...select.options].some((o) => o.value === value)) return;
  const option = new Option(label, value);
  option.dataset.custom = '';
  select.append(option);
}

function fill(site) {
  const t = site.theme ?? {};
  for (const o of form.querySelectorAll('option[data-custom]')) o.remove();
  if (t.fontFamily)
    ensureOption(field('fontFamily'), t.fontFamily, `${t.fontFamily.split(',')[0].replaceAll('"', '')} (the site's)`);
  if (t.launcherIcon) ensureOption(field('launcherIcon'), t.launcherIcon, 'logo');
  for (const key of ['density', 'colorScheme', 'position', 'fontFamily', 'launcherIcon']) field(key).value = t[key] ?? '';
  for (const key of MARKED) {
    if (t[key] === undefined) unset(key);
    else {
      field(key).removeAttribute('data-unset');
      field(key).value = String(t[key]);
    }
  }
  field('title').value = site.title;
  field('greeting').value = site.greeting ?? '';
  field('starterPrompts').value = site.starterPrompts.join('\n');
}

function apply(el) {
  const theme = formTheme();
  // Every edited setting, unset ones as undefined: the preview shows the widget's default for them,
  // not the saved value underneath.
  el.theme = Object.fromEntries(THEME_KEYS.map((k) => [k, theme[k]]));
  const texts = formTexts();
  el.chatTitle = texts.title;
  el.greeting = texts.greeting;
  el.starterPrompts = texts.starterPrompts;
}

function refresh() {
  // An unset color shows the default of the scheme now chosen.
  for (const key of MARKED) if (isUnset(key)) field(key).value = shownDefault(key);
  for (const el of [preview.firstElementChild, floating]) if (el) apply(el);
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

form.addEventListener('input', (event) => {
  // Touching an input that showed a default makes its value the customer's own.
  event.target.removeAttribute?.('data-unset');
  refresh();
});

form.addEventListener('click', (event) => {
  const name = event.target.closest?.('[data-reset]')?.dataset.reset;
  if (!name) return;
  unset(name);
  refresh();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const patch = changes();
  if (!patch) {
    say('Nothing changed since the last save.');
    return;
  }
  say('Saving…');
  const res = await fetch(`/api/sites/${current.siteId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify(patch),
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
