// Lumen's account page: sign in as a demo user, or out, through Lumen's own server (demo/src/account.ts),
// which answers with an identity token it signed for the user; the chat gets it with Tessera.identify().

// The widget README's stub: calls made before widget.js has loaded are queued, then replayed.
const tessera = (window.Tessera = window.Tessera || { q: [] });
for (const method of ['identify', 'logout']) {
  tessera[method] = tessera[method] || ((...args) => tessera.q.push([method, args]));
}

const who = document.getElementById('who');
const buttons = [...document.querySelectorAll('[data-user]')];

/** Show who is signed in, and tell the chat: the user's token, or a sign-out. */
function show({ user, token }, signingOut) {
  who.textContent = user ? `Signed in as ${user.name} (${user.email})` : 'Signed out';
  for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.user === (user ? user.key : '')));
  // window.Tessera is read again: the widget replaces the stub once it has loaded.
  if (token) window.Tessera.identify(token);
  else if (signingOut) window.Tessera.logout();
}

async function call(path, init) {
  const res = await fetch(path, init);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

const unavailable = () => {
  who.textContent = 'The account service is not available.';
};

for (const button of buttons) {
  button.addEventListener('click', () => {
    const user = button.dataset.user;
    const answer = user
      ? call('/api/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) })
      : call('/api/sign-out', { method: 'POST' });
    answer.then((a) => show(a, !user), unavailable);
  });
}

// Every page load signs the chat in afresh with a new token (a page without one signs nobody out).
call('/api/identity-token').then((answer) => show(answer, false), unavailable);
