"""A tiny OpenID Connect provider on a thread, for tests: discovery, JWKS, authorize, token.

It signs RS256 ID tokens with a key made here. The test says who is "logged in" at the provider
(`provider.subject`) and may make it misbehave (`tamper`, `issuer_in_token`).
"""

import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


def _challenge(verifier: str) -> str:
    """PKCE S256: the provider checks the verifier against the challenge it was sent."""
    return jwt.utils.base64url_encode(hashlib.sha256(verifier.encode()).digest()).decode()


class Provider:
    def __init__(self, client_id: str):
        self.client_id = client_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.subject = "alice"
        self.extra_claims: dict = {}
        self.tamper = False
        self.issuer_in_token = None  # None: the provider's own issuer
        self._codes: dict[str, dict] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer_in_token or self.issuer,
            "sub": self.subject,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.extra_claims,
        }
        token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        if self.tamper:  # swap the payload for one claiming someone else, keep the signature
            header, _payload, signature = token.split(".")
            forged = jwt.utils.base64url_encode(
                json.dumps({**claims, "sub": "mallory"}).encode()
            ).decode()
            token = f"{header}.{forged}.{signature}"
        return token

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, body: dict, status: int = 200):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                if url.path == "/.well-known/openid-configuration":
                    return self._json(
                        {
                            "issuer": provider.issuer,
                            "authorization_endpoint": f"{provider.issuer}/authorize",
                            "token_endpoint": f"{provider.issuer}/token",
                            "jwks_uri": f"{provider.issuer}/jwks",
                            "id_token_signing_alg_values_supported": ["RS256"],
                        }
                    )
                if url.path == "/jwks":
                    return self._json(provider.jwks())
                if url.path == "/authorize":
                    query = {k: v[0] for k, v in parse_qs(url.query).items()}
                    code = secrets.token_urlsafe(16)
                    provider._codes[code] = query
                    back = {"code": code, "state": query["state"]}
                    self.send_response(302)
                    self.send_header("Location", f"{query['redirect_uri']}?{urlencode(back)}")
                    self.end_headers()
                    return None
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                request = provider._codes.pop(form.get("code", ""), None)
                if (
                    urlsplit(self.path).path != "/token"
                    or request is None
                    or form.get("client_id") != provider.client_id
                    or form.get("redirect_uri") != request["redirect_uri"]
                    or _challenge(form.get("code_verifier", "")) != request.get("code_challenge")
                ):
                    return self._json({"error": "invalid_grant"}, 400)
                return self._json(
                    {
                        "access_token": secrets.token_urlsafe(16),
                        "token_type": "Bearer",
                        "id_token": provider.id_token(request.get("nonce", "")),
                    }
                )

        return Handler
