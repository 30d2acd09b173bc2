"""The ASGI middleware in front of `vanban serve` (Datasette's `asgi_wrapper` hook): what a browser may ask and
what it may run.

- Only GET and HEAD: the view is read-only, and Datasette's forms answer a POST with a 500.
- A server bound to this machine answers only Host headers naming this machine, so that a web page elsewhere cannot
  read the KB by pointing its own name at 127.0.0.1 (DNS rebinding).
- Datasette's debugging pages are not served.
- Every response carries a Content-Security-Policy. An HTML page may run only the scripts Datasette serves and the
  inline ones it wrote itself (each named by its sha256 in the policy): a script slipped into a page as markup
  (`<img onerror=…>`, an injected `<script>`) is not run by the browser.
"""

from __future__ import annotations

import base64
import hashlib

import regex

METHODS = {"GET", "HEAD"}
HIDDEN = {"/-/threads", "/-/allow-debug", "/-/messages", "/-/permissions"}  # Datasette's debugging pages
POLICY = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
          "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
INLINE_SCRIPT = regex.compile(rb"<script\b([^>]*)>(.*?)</script>", regex.DOTALL | regex.IGNORECASE)


def _host(scope) -> str:
    raw = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").lower()
    return raw.rsplit(":", 1)[0] if not raw.endswith("]") else raw  # the name without its port ([::1]:8001)


def policy(html: bytes = b"") -> str:
    """The Content-Security-Policy of a response: for an HTML page, its own inline scripts by hash."""
    hashes = []
    for attrs, body in INLINE_SCRIPT.findall(html):
        if b"src=" not in attrs.lower():
            hashes.append(f" 'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'")
    return POLICY.format(scripts="".join(dict.fromkeys(hashes)))


async def _refuse(send, status: int, text: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-security-policy", policy().encode())]})
    await send({"type": "http.response.body", "body": text.encode()})


def wrap(app, hosts: list[str] | None):
    """`app` behind the guards; `hosts`: the Host names answered (None: any, for a server open to the network)."""
    allowed = {h.lower() for h in hosts} if hosts else None

    async def guarded(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        if allowed is not None and _host(scope) not in allowed:
            return await _refuse(send, 400, "Unknown Host header: this server answers only for this machine "
                                            f"({', '.join(sorted(allowed))})")
        if scope["method"] not in METHODS:
            return await _refuse(send, 405, "Method not allowed: the knowledge base is read-only")
        if scope["path"].split(".")[0].rstrip("/") in HIDDEN:
            return await _refuse(send, 404, "Not found")
        await app(scope, receive, _with_policy(send, csv=scope["path"].endswith(".csv")))

    return guarded


BOM = b"\xef\xbb\xbf"  # before a CSV: Excel then reads it as UTF-8, not as the machine's code page


def _with_policy(send, csv: bool = False):
    """`send` adding the policy to every response; an HTML page is held until its last byte, to hash its scripts.
    A CSV (`csv`) starts with a BOM."""
    held: dict = {}

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers", []))
            if headers.get(b"content-type", b"").startswith(b"text/html"):
                held["start"], held["body"] = message, []
                return
            if csv and message.get("status") == 200:
                held["bom"] = True
                message = message | {"headers": [(k, v) for k, v in message.get("headers", [])
                                                 if k.lower() != b"content-length"]}
            await send(_headed(message, policy()))
        elif message["type"] == "http.response.body" and held.pop("bom", False):
            await send(message | {"body": BOM + message.get("body", b"")})
        elif message["type"] == "http.response.body" and "start" in held:
            held["body"].append(message.get("body", b""))
            if not message.get("more_body"):
                body = b"".join(held.pop("body"))
                await send(_headed(held.pop("start"), policy(body)))
                await send({"type": "http.response.body", "body": body})
        else:
            await send(message)

    return sending


def _headed(start: dict, csp: str) -> dict:
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-security-policy"]
    return start | {"headers": [*headers, (b"content-security-policy", csp.encode()),
                                (b"x-content-type-options", b"nosniff")]}
