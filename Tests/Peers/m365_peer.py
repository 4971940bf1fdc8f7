#!/usr/bin/env python3
"""A stand-in for Microsoft Entra ID's token endpoint and Microsoft Graph sendMail, for Frist's tests.

Usage:
    python3 m365_peer.py --port 0 --record FILE.jsonl --client-id ID --client-secret SECRET
        --token-key KEY [--expires-in N] [--token-fail N] [--token-fail-status S]
        [--mailbox ADDR ...] [--graph-script JSON]

One HTTP/1.1 server (keep-alive; every answer carries Content-Length) that binds 127.0.0.1 only
(port 0 = ephemeral). Once listening it prints exactly one line `READY <port>` to stdout and
flushes; nothing else is ever written to stdout (logs go to stderr).

Tokens
    The peer issues self-contained signed tokens, so other peers (smtp_sink.py --xoauth2) can check
    them with the same --token-key and no shared state:
        payload = json.dumps({"scp": SCOPE, "exp": UNIX_SECONDS_FLOAT, "cid": CLIENT_ID, "n": SERIAL},
                             separators=(",", ":"))
        token   = b64url(payload) + "." + b64url(HMAC-SHA256(key=KEY (UTF-8), msg=b64url(payload)))
    b64url is URL-safe base64 without "=" padding; SCOPE is the scope that was asked for; SERIAL
    counts issued tokens from 1. verify_token(token, key, scope, now) below accepts a token only if
    the signature matches, "scp" equals `scope` exactly and now < "exp".

Token endpoint: POST to any path ending in /oauth2/v2.0/token (e.g. /TENANT/oauth2/v2.0/token), or
exactly /token. The body is application/x-www-form-urlencoded. Checked in this order, answering
like Entra ID v2.0 (JSON errors with error, error_description "AADSTSnnn: ...\\r\\nTrace ID: ...
\\r\\nCorrelation ID: ...\\r\\nTimestamp: YYYY-MM-DD HH:MM:SSZ", error_codes, timestamp, trace_id,
correlation_id, error_uri):
    the first --token-fail N token requests   --token-fail-status (default 503), small HTML body
    Content-Type not form-urlencoded          400 invalid_request (AADSTS900144, no grant_type)
    grant_type != client_credentials          400 unsupported_grant_type (AADSTS70003)
    client_id != --client-id                  400 unauthorized_client (AADSTS700016: Application
                                              with identifier '<id>' was not found in the
                                              directory '<tenant>'. ...)
    client_secret != --client-secret          401 invalid_client (AADSTS7000215: Invalid client
                                              secret provided. ...)
    scope missing or not ending in /.default  400 invalid_scope (AADSTS1002012; real Entra ID
                                              answers a missing scope with AADSTS900144)
    else 200 {"token_type": "Bearer", "expires_in": N, "ext_expires_in": N, "access_token": TOKEN}
    with Content-Type: application/json; charset=utf-8 and Cache-Control: no-store
    (N = --expires-in, default 3599; the token's exp is now + N). <tenant> is the path segment
    before /oauth2/v2.0/token ("common" for /token).

Graph: POST /v1.0/users/{mailbox}/sendMail (mailbox URL-decoded; the path's words match in any
case, as Graph's do). In this order:
    --graph-script steps     a JSON list of steps consumed in order by sendMail requests, each
                             used "times" (default 1) times; the last one does NOT repeat: once
                             the script is used up the normal checks apply. A step answers before
                             any check:
                               {"status": 429, "headers": {"Retry-After": "2"}, "body": {...}}
                                   answer as given (body: any JSON value, sent as JSON, or a
                                   string, sent as text). Without "body", a status >= 400 gets a
                                   Graph error body (429 TooManyRequests, 503 ServiceUnavailable,
                                   504 GatewayTimeout, ...); a status < 400 gets an empty body.
                               {"action": "revoke"}
                                   401 InvalidAuthenticationToken even though the token is valid
                                   (as when a token is revoked server-side).
    Authorization            must be "Bearer TOKEN", TOKEN verifying with --token-key, scope
                             exactly https://graph.microsoft.com/.default, not expired; else 401
                             {"error": {"code": "InvalidAuthenticationToken", "message": "Access
                             token has expired or is not yet valid." (or "Access token is empty."
                             when there is no Authorization header or no token after "Bearer"),
                             "innerError": {...}}} with
                             WWW-Authenticate: Bearer realm="", authorization_uri="...",
                             client_id="00000003-0000-0000-c000-000000000000", error="invalid_token"
    --mailbox ADDR           (repeatable) if given at all, the mailbox must be one of them (case
                             ignored); else 404 ErrorInvalidUser "The requested user '<mailbox>'
                             is invalid."
    body                     JSON {"message": {"subject": str, "body": {"contentType": "HTML" |
                             "Text", "content": str}, "toRecipients": [{"emailAddress":
                             {"address": str, ...}}, ...] (non-empty), "ccRecipients"/
                             "bccRecipients" (optional, same shape), "internetMessageHeaders":
                             [{"name": "X-...", "value": str}, ...] (optional; names start with
                             X- or x-)}, "saveToSentItems": bool (optional)}; else 400
                             {"error": {"code": "ErrorInvalidRequest" ("RequestBodyRead" when the
                             body is not JSON), "message": WHAT IS WRONG}}
    else 202 with an empty body (Content-Length: 0).
Every Graph answer carries request-id and client-request-id headers (the latter echoes the
request's client-request-id when given), and Graph error bodies carry "innerError" {"date",
"request-id", "client-request-id"}. Anything else (any other method or path): 404 with a Graph
error body {"error": {"code": "NotFound", ...}}.

Every request is appended to the record file as one JSON line, flushed and fsynced before the
answer is sent (the answer is decided first):
    {"n": 1, "kind": "token" | "graph" | "other", "method": "POST", "path": "/t/oauth2/v2.0/token",
     "query": "", "headers": {"content-type": "..."}, "body": "<raw body, UTF-8, errors replaced>",
     "form": {"grant_type": "..."} (token requests; first value of each field) or null,
     "json": <parsed body> (graph requests whose body is JSON) or null,
     "status": 200, "token_serial": <"n" of the bearer token of a graph request, when it verifies
     with the key (whatever its scope or expiry)> or null, "issued_serial": <"n" of the token
     issued by this answer> or null, "at": <time.time()>}
`n` counts requests from 1. Header names are lowercased; repeated headers are joined with ", ".
Request bodies may come with Content-Length or chunked.

SIGTERM / SIGINT stop it cleanly (exit status 0). It also exits by itself if its parent dies.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import http.server
import json
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
import uuid

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
SEND_MAIL_PATH = re.compile(r"^/v1\.0/users/(?P<mailbox>[^/]+)/sendMail$", re.IGNORECASE)
GRAPH_ERROR_CODES = {
    400: "BadRequest", 401: "InvalidAuthenticationToken", 403: "ErrorAccessDenied",
    404: "ErrorInvalidUser", 409: "ErrorQuotaExceeded", 413: "RequestEntityTooLarge",
    429: "TooManyRequests", 500: "InternalServerError", 502: "BadGateway",
    503: "ServiceUnavailable", 504: "GatewayTimeout",
}
GRAPH_ERROR_MESSAGES = {
    429: "Application is over its MailboxConcurrency limit.",
    503: "The service is temporarily unavailable. Please retry later.",
    504: "The request timed out.",
}
WWW_AUTHENTICATE = (
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize",'
    f' client_id="{GRAPH_APP_ID}", error="invalid_token"'
)


def log(message):
    sys.stderr.write(f"m365_peer: {message}\n")
    sys.stderr.flush()


# --- tokens (smtp_sink.py duplicates make_token's format in its own verify_token) -----------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_token(key, scope, expires_at, client_id, serial):
    payload = json.dumps({"scp": scope, "exp": expires_at, "cid": client_id, "n": serial},
                         separators=(",", ":"))
    first = b64url(payload.encode("utf-8"))
    signature = hmac.new(key.encode("utf-8"), first.encode("ascii"), hashlib.sha256).digest()
    return first + "." + b64url(signature)


def token_claims(token, key):
    """The token's claims if its signature verifies with `key` (scope and expiry unchecked)."""
    try:
        first, _, signature = token.partition(".")
        expected = hmac.new(key.encode("utf-8"), first.encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(b64url_decode(signature), expected):
            return None
        claims = json.loads(b64url_decode(first))
        return claims if isinstance(claims, dict) else None
    except (ValueError, UnicodeError, TypeError):
        return None


def verify_token(token, key, scope, now):
    """The claims of a token signed with `key`, of scope exactly `scope`, not expired at `now`; or None."""
    claims = token_claims(token, key)
    if claims is None or claims.get("scp") != scope:
        return None
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool) or now >= exp:
        return None
    return claims


# --- Graph script ---------------------------------------------------------------------------------

class GraphScript:
    """The steps, expanded by "times", consumed in order; once used up, next() returns None."""

    def __init__(self, steps):
        if not isinstance(steps, list):
            raise ValueError("graph script must be a JSON list of steps")
        self.steps = []
        for step in steps:
            if not isinstance(step, dict):
                raise ValueError(f"graph script step is not an object: {step!r}")
            action = step.get("action")
            if action is None:
                if not isinstance(step.get("status"), int) or isinstance(step.get("status"), bool):
                    raise ValueError(f"graph script step needs an integer status: {step!r}")
                if not isinstance(step.get("headers", {}), dict):
                    raise ValueError(f"graph script step headers must be an object: {step!r}")
            elif action != "revoke":
                raise ValueError(f"unknown graph script action: {action!r}")
            times = step.get("times", 1)
            if not isinstance(times, int) or times < 1:
                raise ValueError(f"step times must be a positive integer: {step!r}")
            self.steps.extend([step] * times)
        self.index = 0

    def next(self):
        if self.index >= len(self.steps):
            return None
        step = self.steps[self.index]
        self.index += 1
        return step


# --- answers --------------------------------------------------------------------------------------

class Answer:
    def __init__(self, status, body=b"", content_type=None, headers=None):
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = list((headers or {}).items())


def json_answer(status, obj, headers=None, content_type="application/json; charset=utf-8"):
    return Answer(status, json.dumps(obj, separators=(",", ":")).encode("utf-8"), content_type,
                  headers)


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def entra_error(status, error, code, description, correlation_id):
    now = utc_now().strftime("%Y-%m-%d %H:%M:%SZ")
    trace_id = str(uuid.uuid4())
    return json_answer(status, {
        "error": error,
        "error_description": (f"AADSTS{code}: {description}\r\nTrace ID: {trace_id}\r\n"
                              f"Correlation ID: {correlation_id}\r\nTimestamp: {now}"),
        "error_codes": [code],
        "timestamp": now,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
        "error_uri": f"https://login.microsoftonline.com/error?code={code}",
    }, headers={"Cache-Control": "no-store", "Pragma": "no-cache", "x-ms-request-id": trace_id})


def token_down(status):
    reason = http.server.BaseHTTPRequestHandler.responses.get(status, ("Error",))[0]
    html = (f"<!DOCTYPE html>\n<html><head><title>{status} {reason}</title></head>"
            f"<body><h1>{reason}</h1><p>The service is unavailable.</p></body></html>\n")
    return Answer(status, html.encode("utf-8"), "text/html; charset=utf-8")


class GraphIds:
    """request-id / client-request-id for one Graph answer."""

    def __init__(self, headers):
        self.request_id = str(uuid.uuid4())
        self.client_request_id = headers.get("client-request-id") or self.request_id

    def headers(self, extra=None):
        return {"request-id": self.request_id, "client-request-id": self.client_request_id,
                **(extra or {})}

    def error(self, status, code, message, extra_headers=None):
        return json_answer(status, {"error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": utc_now().strftime("%Y-%m-%dT%H:%M:%S"),
                "request-id": self.request_id,
                "client-request-id": self.client_request_id,
            },
        }}, headers=self.headers(extra_headers), content_type="application/json")


def send_mail_problem(obj):
    """What is wrong with a parsed sendMail body, or None."""
    if not isinstance(obj, dict):
        return "The request body must be a JSON object."
    message = obj.get("message")
    if not isinstance(message, dict):
        return "The property 'message' is required and must be an object."
    if not isinstance(message.get("subject"), str):
        return "The property 'message.subject' is required and must be a string."
    body = message.get("body")
    if not isinstance(body, dict):
        return "The property 'message.body' is required and must be an object."
    if body.get("contentType") not in ("HTML", "Text"):
        return ("The property 'message.body.contentType' must be 'HTML' or 'Text', not "
                f"{json.dumps(body.get('contentType'))}.")
    if not isinstance(body.get("content"), str):
        return "The property 'message.body.content' is required and must be a string."
    for field in ("toRecipients", "ccRecipients", "bccRecipients"):
        if field not in message and field != "toRecipients":
            continue
        recipients = message.get(field)
        if not isinstance(recipients, list):
            return f"The property 'message.{field}' must be a list of recipients."
        if field == "toRecipients" and not recipients:
            return "At least one recipient is required in 'message.toRecipients'."
        for index, recipient in enumerate(recipients):
            address = recipient.get("emailAddress") if isinstance(recipient, dict) else None
            if not isinstance(address, dict) or not isinstance(address.get("address"), str) \
                    or not address["address"]:
                return (f"'message.{field}[{index}]' must be "
                        '{"emailAddress": {"address": "..."}} with a non-empty address.')
    if "internetMessageHeaders" in message:
        headers = message["internetMessageHeaders"]
        if not isinstance(headers, list):
            return "The property 'message.internetMessageHeaders' must be a list."
        for index, header in enumerate(headers):
            if not isinstance(header, dict) or not isinstance(header.get("name"), str) \
                    or not isinstance(header.get("value"), str):
                return (f"'message.internetMessageHeaders[{index}]' must be "
                        '{"name": "X-...", "value": "..."} with string name and value.')
            if not header["name"].startswith(("X-", "x-")):
                return (f"The internet message header name '{header['name']}' should start "
                        "with 'x-' or 'X-'.")
    if "saveToSentItems" in obj and not isinstance(obj["saveToSentItems"], bool):
        return "The property 'saveToSentItems' must be a boolean."
    return None


# --- server ---------------------------------------------------------------------------------------

class Peer:
    """The state shared by all connections; decide() runs under one lock with the recording."""

    def __init__(self, args, script):
        self.args = args
        self.script = script
        self.mailboxes = {m.lower() for m in args.mailbox}
        self.file = open(args.record, "a", encoding="utf-8")
        self.lock = threading.Lock()
        self.count = 0
        self.token_requests = 0
        self.tokens_issued = 0

    def handle(self, entry):
        """Numbers the request, decides its answer, records it (fsynced): one critical section."""
        with self.lock:
            self.count += 1
            entry = {"n": self.count, **entry}
            answer = self.decide(entry)
            entry["status"] = answer.status
            entry["at"] = time.time()
            order = ("n", "kind", "method", "path", "query", "headers", "body", "form", "json",
                     "status", "token_serial", "issued_serial", "at")
            entry = {name: entry[name] for name in order}
            self.file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.file.flush()
            os.fsync(self.file.fileno())
            return answer

    def decide(self, entry):
        entry.update(kind="other", form=None, json=None, token_serial=None, issued_serial=None)
        path = entry["path"]
        if entry["method"] == "POST":
            if path.endswith("/oauth2/v2.0/token") or path == "/token":
                entry["kind"] = "token"
                prefix = path[:-len("/oauth2/v2.0/token")] if path != "/token" else ""
                tenant = urllib.parse.unquote(prefix.rsplit("/", 1)[-1]) or "common"
                return self.token(entry, tenant)
            mail_match = SEND_MAIL_PATH.match(path)
            if mail_match:
                entry["kind"] = "graph"
                return self.send_mail(entry, urllib.parse.unquote(mail_match.group("mailbox")))
        ids = GraphIds(entry["headers"])
        return ids.error(404, "NotFound",
                         f"No resource for {entry['method']} {path} on this peer.")

    def token(self, entry, tenant):
        args = self.args
        form = {}
        for name, value in urllib.parse.parse_qsl(entry["body"], keep_blank_values=True):
            form.setdefault(name, value)
        entry["form"] = form
        correlation_id = entry["headers"].get("client-request-id") or str(uuid.uuid4())
        self.token_requests += 1
        if self.token_requests <= args.token_fail:
            return token_down(args.token_fail_status)
        media_type = entry["headers"].get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type != "application/x-www-form-urlencoded":
            return entra_error(400, "invalid_request", 900144,
                               "The request body must contain the following parameter: "
                               "'grant_type'.", correlation_id)
        grant_type = form.get("grant_type")
        if grant_type != "client_credentials":
            return entra_error(400, "unsupported_grant_type", 70003,
                               f"The app requested an unsupported grant type '{grant_type or ''}'.",
                               correlation_id)
        client_id = form.get("client_id", "")
        if client_id != args.client_id:
            return entra_error(400, "unauthorized_client", 700016,
                               f"Application with identifier '{client_id}' was not found in the "
                               f"directory '{tenant}'. This can happen if the application has not "
                               "been installed by the administrator of the tenant or consented to "
                               "by any user in the tenant. You may have sent your authentication "
                               "request to the wrong tenant.", correlation_id)
        if form.get("client_secret") != args.client_secret:
            return entra_error(401, "invalid_client", 7000215,
                               "Invalid client secret provided. Ensure the secret being sent in "
                               "the request is the client secret value, not the client secret ID, "
                               f"for a secret added to app '{args.client_id}'.", correlation_id)
        scope = form.get("scope", "")
        if not scope.endswith("/.default"):
            return entra_error(400, "invalid_scope", 1002012,
                               f"The provided value for scope {scope} is not valid. Client "
                               "credential flows must have a scope value with /.default suffixed "
                               "to the resource identifier (application ID URI).", correlation_id)
        self.tokens_issued += 1
        serial = self.tokens_issued
        token = make_token(args.token_key, scope, time.time() + args.expires_in, args.client_id,
                           serial)
        entry["issued_serial"] = serial
        return json_answer(200, {
            "token_type": "Bearer",
            "expires_in": args.expires_in,
            "ext_expires_in": args.expires_in,
            "access_token": token,
        }, headers={"Cache-Control": "no-store", "Pragma": "no-cache",
                    "x-ms-request-id": str(uuid.uuid4())})

    def send_mail(self, entry, mailbox):
        headers = entry["headers"]
        ids = GraphIds(headers)
        try:
            entry["json"] = json.loads(entry["body"]) if entry["body"].strip() else None
            body_error = None
        except ValueError as error:
            body_error = f"Invalid JSON in the request body: {error}."
        authorization = headers.get("authorization")
        token = None
        if authorization is not None:
            scheme, _, token = authorization.strip().partition(" ")
            token = token.strip() if scheme.lower() == "bearer" else None
            claims = token_claims(token, self.args.token_key) if token else None
            if claims is not None and isinstance(claims.get("n"), int):
                entry["token_serial"] = claims["n"]

        step = self.script.next()
        if step is not None:
            if step.get("action") == "revoke":
                return ids.error(401, "InvalidAuthenticationToken",
                                 "Access token has expired or is not yet valid.",
                                 {"WWW-Authenticate": WWW_AUTHENTICATE})
            return scripted(step, ids)

        if authorization is None or not authorization.strip() or token == "":
            return ids.error(401, "InvalidAuthenticationToken", "Access token is empty.",
                             {"WWW-Authenticate": WWW_AUTHENTICATE})
        if not token or verify_token(token, self.args.token_key, GRAPH_SCOPE, time.time()) is None:
            return ids.error(401, "InvalidAuthenticationToken",
                             "Access token has expired or is not yet valid.",
                             {"WWW-Authenticate": WWW_AUTHENTICATE})
        if self.mailboxes and mailbox.lower() not in self.mailboxes:
            return ids.error(404, "ErrorInvalidUser", f"The requested user '{mailbox}' is invalid.")
        if body_error is not None:
            return ids.error(400, "RequestBodyRead", body_error)
        if entry["json"] is None:
            return ids.error(400, "RequestBodyRead", "Empty Payload, JSON content expected.")
        problem = send_mail_problem(entry["json"])
        if problem is not None:
            return ids.error(400, "ErrorInvalidRequest", problem)
        return Answer(202, b"", None, ids.headers())


def scripted(step, ids):
    status = step["status"]
    headers = dict(step.get("headers") or {})
    if "body" in step:
        body = step["body"]
        if isinstance(body, str):
            return Answer(status, body.encode("utf-8"), "text/plain; charset=utf-8",
                          ids.headers(headers))
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        return Answer(status, data, "application/json", ids.headers(headers))
    if status >= 400:
        code = GRAPH_ERROR_CODES.get(status, "UnknownError")
        message = GRAPH_ERROR_MESSAGES.get(status, f"Scripted error {status}.")
        return ids.error(status, code, message, headers)
    return Answer(status, b"", None, ids.headers(headers))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, peer):
        self.peer = peer
        super().__init__(address, Handler)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "frist-m365-peer/1"

    # Any method: do_GET, do_POST, do_PATCH, do_FOO ... all land in handle_any.
    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.handle_any
        raise AttributeError(name)

    def log_message(self, format, *args):
        log(f"{self.address_string()} {format % args}")

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ConnectionError("connection closed inside a chunked body")
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while True:  # trailers, up to the empty line
                        trailer = self.rfile.readline(65537)
                        if trailer in (b"\r\n", b"\n", b""):
                            break
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)  # CRLF after the chunk
            return b"".join(chunks)
        length = self.headers.get("Content-Length")
        if length:
            return self.rfile.read(int(length))
        return b""

    def handle_any(self):
        body = self.read_body()
        path, _, query = self.path.partition("?")
        headers = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        entry = {
            "method": self.command,
            "path": path,
            "query": query,
            "headers": headers,
            "body": body.decode("utf-8", errors="replace"),
        }
        answer = self.server.peer.handle(entry)
        self.send_response(answer.status)
        no_body = answer.status < 200 or answer.status in (204, 304)
        lower = {name.lower() for name, _ in answer.headers}
        if not no_body:
            if answer.content_type and "content-type" not in lower:
                self.send_header("Content-Type", answer.content_type)
            if "content-length" not in lower:
                self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers:
            self.send_header(name, str(value))
        self.end_headers()
        if not no_body and self.command != "HEAD":
            self.wfile.write(answer.body)
        self.wfile.flush()


def watch_parent(stop):
    parent = os.getppid()
    while not stop.wait(0.5):
        if os.getppid() != parent:
            log("parent exited; stopping")
            stop.set()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", required=True, help="JSONL file to append requests to")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--token-key", required=True, help="HMAC key the tokens are signed with")
    parser.add_argument("--expires-in", type=int, default=3599, help="token lifetime, seconds")
    parser.add_argument("--token-fail", type=int, default=0, metavar="N",
                        help="the first N token requests fail with --token-fail-status")
    parser.add_argument("--token-fail-status", type=int, default=503, metavar="S")
    parser.add_argument("--mailbox", action="append", default=[], metavar="ADDR",
                        help="mailbox sendMail accepts (repeatable; default: any)")
    parser.add_argument("--graph-script", metavar="JSON",
                        help="JSON list of forced sendMail answers, consumed in order")
    args = parser.parse_args()

    try:
        script = GraphScript(json.loads(args.graph_script) if args.graph_script else [])
    except ValueError as error:
        log(f"bad graph script: {error}")
        return 2

    server = Server(("127.0.0.1", args.port), Peer(args, script))
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    # A parent may have started us with these signals blocked (inherited mask): unblock them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    serving.start()
    threading.Thread(target=watch_parent, args=(stop,), daemon=True).start()
    sys.stdout.write(f"READY {server.server_address[1]}\n")
    sys.stdout.flush()

    while not stop.wait(0.2):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
