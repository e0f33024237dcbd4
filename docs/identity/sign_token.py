"""Sign a Tessera identity token for your signed-in user, with Python's standard library only.

    SECRET=… SITE_KEY=pk_… USER_ID=42 NAME="Ada Lovelace" EMAIL=ada@example.com python3 sign_token.py

In your app, call sign_identity_token() on the server and put the token in the page (see docs/identity.md).
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_identity_token(secret, site_key, user_id, name=None, email=None):
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"sub": str(user_id), "aud": site_key, "iat": now, "exp": now + 300}  # 5 minutes (at most 10)
    if name:
        claims["name"] = name
    if email:
        claims["email"] = email
    unsigned = _encode(json.dumps(header).encode()) + "." + _encode(json.dumps(claims).encode())
    # The secret is used as it is shown (its text), not decoded.
    signature = hmac.new(secret.encode(), unsigned.encode(), hashlib.sha256).digest()
    return unsigned + "." + _encode(signature)


if __name__ == "__main__":
    env = os.environ
    if not all(env.get(name) for name in ("SECRET", "SITE_KEY", "USER_ID")):
        sys.exit("Set SECRET, SITE_KEY and USER_ID (NAME and EMAIL are optional).")
    print(sign_identity_token(env["SECRET"], env["SITE_KEY"], env["USER_ID"], env.get("NAME"), env.get("EMAIL")))
