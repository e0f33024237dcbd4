// Sign a Tessera identity token for your signed-in user, with Node's own crypto (no dependency).
//   SECRET=… SITE_KEY=pk_… USER_ID=42 NAME="Ada Lovelace" EMAIL=ada@example.com node sign-token.mjs
// In your app, call signIdentityToken() on the server and put the token in the page (see docs/identity.md).
import { createHmac } from 'node:crypto';

function signIdentityToken({ secret, siteKey, userId, name, email }) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT' };
  const claims = { sub: String(userId), aud: siteKey, iat: now, exp: now + 300 }; // 5 minutes (at most 10)
  if (name) claims.name = name;
  if (email) claims.email = email;
  const encode = (part) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode(header)}.${encode(claims)}`;
  // The secret is used as it is shown (its text), not decoded.
  const signature = createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

const { SECRET, SITE_KEY, USER_ID, NAME, EMAIL } = process.env;
if (!SECRET || !SITE_KEY || !USER_ID) {
  console.error('Set SECRET, SITE_KEY and USER_ID (NAME and EMAIL are optional).');
  process.exit(1);
}
console.log(signIdentityToken({ secret: SECRET, siteKey: SITE_KEY, userId: USER_ID, name: NAME, email: EMAIL }));
