#!/usr/bin/env python3
"""A stand-in for Microsoft Entra ID's token endpoint and Microsoft Graph sendMail, for Frist's tests.

Usage:
    python3 m365_peer.py --port 0 --record FILE.jsonl --client-id ID --client-secret SECRET
        --token-key KEY [--client-certificate CERT.pem] [--expires-in N] [--token-fail N]
        [--token-fail-status S] [--mailbox ADDR ...] [--graph-script JSON]

--client-secret may be left out when --client-certificate is given (then no secret is accepted).

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
                                              secret provided. ...); with --client-certificate,
                                              the client credential checks below take this place
    scope missing or not ending in /.default  400 invalid_scope (AADSTS1002012; real Entra ID
                                              answers a missing scope with AADSTS900144)
    else 200 {"token_type": "Bearer", "expires_in": N, "ext_expires_in": N, "access_token": TOKEN}
    with Content-Type: application/json; charset=utf-8 and Cache-Control: no-store
    (N = --expires-in, default 3599; the token's exp is now + N). <tenant> is the path segment
    before /oauth2/v2.0/token ("common" for /token).

Certificate credentials (--client-certificate CERT.pem: a PEM file whose first CERTIFICATE block is
the app's RSA certificate). A token request may then authenticate with an RFC 7523 client
assertion, client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer and
client_assertion=JWT, instead of client_secret (a parameter counts as given when non-empty). At
start the peer computes the certificate's thumbprints from its DER (the base64 between the BEGIN
and END CERTIFICATE lines), x5t = b64url(SHA-1(DER)) and x5t#S256 = b64url(SHA-256(DER)), and
extracts its public key with `openssl x509 -in CERT -pubkey -noout` into a private temporary
directory (removed at exit), where each signature is checked with `openssl dgst -sha256 -verify
PUB -signature SIG DATA`. In the place of the client_secret check, in this order (the answer is
401 invalid_client unless another status is given; descriptions as Entra ID words them, with what
is wrong in [...] where Entra ID says less):
    client_secret and client_assertion (or    400 invalid_request (AADSTS9002313: Invalid request.
      client_assertion_type) both given         Request is malformed or invalid. [Reason - The
                                                request carries both ...])
    neither given                             400 invalid_request (AADSTS7000218: The request
                                                body must contain the following parameter:
                                                'client_assertion' or 'client_secret'.)
    client_secret given                       checked as without --client-certificate (no
                                                --client-secret: none matches): 401 AADSTS7000215
    client_assertion_type missing             400 invalid_request (AADSTS900144: The request body
                                                must contain the following parameter:
                                                'client_assertion_type'.)
    client_assertion_type another value       400 invalid_request (AADSTS9002313 [Reason - ...])
    client_assertion missing                  400 invalid_request (AADSTS900144 ...
                                                'client_assertion'.)
    not three base64url parts; header or      AADSTS50027: JWT token is invalid or malformed.
      payload not a JSON object                 [Reason - what is wrong.]
    header alg != RS256                       AADSTS5002738: Invalid JWT token. 'ALG' is not a
                                                supported signature algorithm. Supported signing
                                                algorithms are: 'RS256'
    header typ given, and neither JWT (any    AADSTS5002727: Invalid JWT header type specified,
      case) nor http://openid.net/specs/jwt/1.0  must be 'JWT' or 'http://openid.net/specs/jwt/1.0'.
    neither x5t#S256 nor x5t in the header    AADSTS5002723: Invalid JWT token. No certificate
      (kid is not looked at)                    SHA-1 thumbprint, certificate SHA-256 thumbprint,
                                                nor keyId specified in token header.
    none of those given names the             AADSTS700027: The certificate with identifier used
      certificate (compared base64url-decoded)  to sign the client assertion is not registered on
                                                application. [Reason - The key was not found.,
                                                Thumbprint of key used by client: 'HEX', ...]
    the RSASSA-PKCS1-v1_5 SHA-256 signature   AADSTS700027: Client assertion contains an invalid
      over b64url(header) "." b64url(payload)   signature. [Reason - The provided signature value
      does not verify with the certificate      did not match the expected signature value.,
                                                Thumbprint of key used by client: 'HEX', Found key
                                                'Start=MM/DD/YYYY HH:MM:SS, End=...']
    aud missing; aud != the token URL as the  AADSTS90014: The required field 'aud' is missing
      client used it, "http://" + the Host      from the credential. ...; AADSTS700023: Client
      header + the path (a JSON string)         assertion audience claim does not match Realm
                                                issuer. [Assertion audience: ..., expected: ...]
    iss or sub missing; iss != sub;           AADSTS90014 ('iss', 'sub'); AADSTS50048: Subject
      iss != --client-id                        mismatches Issuer claim in the client assertion.
                                                [...]; AADSTS700021: Client assertion application
                                                identifier doesn't match 'client_id' parameter.
    exp missing; exp, nbf or iat not a number AADSTS90014 ('exp'); AADSTS50027 [Reason - ...]
    exp <= now - 300 or nbf > now + 300 (300  AADSTS700024: Client assertion is not within its
      s clock skew, as Entra ID allows)         valid time range. Current time: ..., assertion
                                                valid from ..., expiry time of assertion ....
    exp - nbf (or, without nbf, exp - iat)    AADSTS700024 ... [Reason - it is valid for N s ...;
      over 3600 s                               this peer accepts at most 3600 s.] (real Entra ID
                                                sets no such limit today)
    jti missing or empty                      AADSTS90014 ('jti')
    jti accepted before, in the peer's        AADSTS50027: Invalid JWT token. The provided client
      lifetime                                  assertion has already been used: its jti ... (no
                                                Entra ID code is published for a replayed
                                                assertion; 50027 is its InvalidJwtToken)
    else the assertion authenticates the client, its jti is spent, and the scope check and the 200
    answer follow exactly as with a secret. Without --client-certificate no assertion is looked at:
    the client_secret check applies as always.

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
     "assertion": {"header": {...}, "claims": {...}, "verified": true | false} (token requests with
     a client_assertion; header / claims null when not a decodable JSON object; verified: it passed
     every certificate-credential check above; false when not checked) or null,
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
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

import http_peer

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
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
CERTIFICATE_DOCS = "https://learn.microsoft.com/entra/identity-platform/certificate-credentials"
CLOCK_SKEW = 300  # seconds of leeway on exp / nbf, as Entra ID allows
MAX_ASSERTION_LIFETIME = 3600  # seconds, exp - nbf (or exp - iat)
B64URL_PART = re.compile(r"^[A-Za-z0-9_-]*$")
WWW_AUTHENTICATE = (
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize",'
    f' client_id="{GRAPH_APP_ID}", error="invalid_token"'
)


log = http_peer.logger("m365_peer")


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


# --- certificate credentials (RFC 7523 client assertions) ----------------------------------------

class Certificate:
    """The --client-certificate: its thumbprints and validity, and its public key (extracted with
    openssl into `directory`) that verify() checks RS256 signatures with."""

    def __init__(self, path, directory):
        with open(path, encoding="ascii", errors="replace") as file:
            text = file.read()
        match = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)
        if not match:
            raise ValueError(f"no BEGIN/END CERTIFICATE block in {path}")
        der = base64.b64decode("".join(match.group(1).split()), validate=True)
        self.sha1 = hashlib.sha1(der).digest()
        self.sha256 = hashlib.sha256(der).digest()
        self.directory = directory
        self.public_key = os.path.join(directory, "client-certificate-public-key.pem")
        self.checks = 0
        pem = openssl(["x509", "-in", path, "-pubkey", "-noout"])
        with open(self.public_key, "w", encoding="ascii") as file:
            file.write(pem)
        dates = dict(line.split("=", 1) for line in
                     openssl(["x509", "-in", path, "-noout", "-startdate", "-enddate"]).splitlines()
                     if "=" in line)
        self.start = entra_key_date(dates.get("notBefore", ""))
        self.end = entra_key_date(dates.get("notAfter", ""))

    def digest(self, name):
        return self.sha256 if name == "x5t#S256" else self.sha1

    def verify(self, signing_input, signature):
        """Whether `signature` is RSASSA-PKCS1-v1_5 SHA-256 over `signing_input` by this key."""
        self.checks += 1
        data = os.path.join(self.directory, f"assertion-{self.checks}.data")
        sig = os.path.join(self.directory, f"assertion-{self.checks}.sig")
        try:
            with open(data, "wb") as file:
                file.write(signing_input)
            with open(sig, "wb") as file:
                file.write(signature)
            result = subprocess.run(["openssl", "dgst", "-sha256", "-verify", self.public_key,
                                     "-signature", sig, data], stdin=subprocess.DEVNULL,
                                    capture_output=True, timeout=20)
            return result.returncode == 0
        finally:
            for name in (data, sig):
                try:
                    os.remove(name)
                except OSError:
                    pass


def openssl(arguments):
    """openssl's stdout for `arguments`; raises ValueError (with its stderr) if it fails."""
    result = subprocess.run(["openssl", *arguments], stdin=subprocess.DEVNULL, capture_output=True,
                            timeout=20)
    if result.returncode != 0:
        raise ValueError(f"openssl {' '.join(arguments)}: "
                         f"{result.stderr.decode('utf-8', errors='replace').strip()}")
    return result.stdout.decode("ascii", errors="replace")


def entra_key_date(openssl_date):
    """`Dec  1 22:08:47 2026 GMT` (openssl) as Entra ID shows key dates: `12/01/2026 22:08:47`."""
    try:
        moment = datetime.datetime.strptime(" ".join(openssl_date.split()), "%b %d %H:%M:%S %Y %Z")
    except ValueError:
        return openssl_date
    return moment.strftime("%m/%d/%Y %H:%M:%S")


def entra_time(seconds):
    """Unix seconds as Entra ID writes times in AADSTS700024: 2024-04-05T22:40:41.0000000Z."""
    try:
        moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return str(seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond * 10:07d}Z"


def json_object_part(part):
    """The JSON object a base64url JWS part encodes, or None."""
    if not B64URL_PART.match(part):
        return None
    try:
        value = json.loads(b64url_decode(part))
    except (ValueError, UnicodeError):
        return None
    return value if isinstance(value, dict) else None


def parse_assertion(assertion):
    """(header, claims, problem): header / claims are the decoded JSON objects (None if not);
    problem is what makes the compact JWS malformed, or None."""
    parts = assertion.split(".")
    if len(parts) != 3:
        return None, None, (f"the assertion has {len(parts)} part(s) separated by '.'; a compact "
                            "JWS has three: header, payload, signature")
    header, claims = json_object_part(parts[0]), json_object_part(parts[1])
    if header is None:
        return None, claims, "the JWT header is not a base64url-encoded JSON object"
    if claims is None:
        return header, None, "the JWT payload is not a base64url-encoded JSON object"
    try:
        if not parts[2] or not B64URL_PART.match(parts[2]) or not b64url_decode(parts[2]):
            raise ValueError(parts[2])
    except ValueError:
        return header, claims, "the JWT signature is empty or not base64url"
    return header, claims, None


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def thumbprint_hex(header):
    """The thumbprint the client named, as Entra ID shows it (upper-case hex; x5t's SHA-1 first)."""
    for name in ("x5t", "x5t#S256"):
        value = header.get(name)
        if isinstance(value, str) and value:
            try:
                return b64url_decode(value).hex().upper()
            except ValueError:
                return value
    return ""


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
            self.steps.extend(http_peer.repeated(step))
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

    def __init__(self, args, script, certificate=None):
        self.args = args
        self.script = script
        self.certificate = certificate
        self.port = args.port  # the bound port, set once listening
        self.spent_jtis = {}  # jti of each accepted client assertion -> when it was accepted
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
            order = ("n", "kind", "method", "path", "query", "headers", "body", "form",
                     "assertion", "json", "status", "token_serial", "issued_serial", "at")
            entry = {name: entry[name] for name in order}
            self.file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.file.flush()
            os.fsync(self.file.fileno())
            return answer

    def decide(self, entry):
        entry.update(kind="other", form=None, assertion=None, json=None, token_serial=None,
                     issued_serial=None)
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
        if form.get("client_assertion"):
            header, claims, _ = parse_assertion(form["client_assertion"])
            entry["assertion"] = {"header": header, "claims": claims, "verified": False}
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
        refused = self.client_credential(entry, form, correlation_id)
        if refused is not None:
            return refused
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

    def client_credential(self, entry, form, correlation_id):
        """The error answer when the request's client credential does not authenticate it."""
        args = self.args
        has_secret = bool(form.get("client_secret"))
        has_assertion = bool(form.get("client_assertion") or form.get("client_assertion_type"))
        if self.certificate is not None:
            if has_secret and has_assertion:
                return entra_error(400, "invalid_request", 9002313,
                                   "Invalid request. Request is malformed or invalid. [Reason - "
                                   "The request carries both 'client_secret' and "
                                   "'client_assertion'; send exactly one client credential.]",
                                   correlation_id)
            if not has_secret and not has_assertion:
                return entra_error(400, "invalid_request", 7000218,
                                   "The request body must contain the following parameter: "
                                   "'client_assertion' or 'client_secret'.", correlation_id)
        if self.certificate is None or has_secret:
            if form.get("client_secret") != args.client_secret:
                return entra_error(401, "invalid_client", 7000215,
                                   "Invalid client secret provided. Ensure the secret being sent "
                                   "in the request is the client secret value, not the client "
                                   f"secret ID, for a secret added to app '{args.client_id}'.",
                                   correlation_id)
            return None
        assertion_type = form.get("client_assertion_type")
        if not assertion_type:
            return entra_error(400, "invalid_request", 900144,
                               "The request body must contain the following parameter: "
                               "'client_assertion_type'.", correlation_id)
        if assertion_type != JWT_BEARER:
            return entra_error(400, "invalid_request", 9002313,
                               "Invalid request. Request is malformed or invalid. [Reason - "
                               f"client_assertion_type is '{assertion_type}'; a certificate "
                               f"credential is '{JWT_BEARER}'.]", correlation_id)
        if not form.get("client_assertion"):
            return entra_error(400, "invalid_request", 900144,
                               "The request body must contain the following parameter: "
                               "'client_assertion'.", correlation_id)
        host = entry["headers"].get("host") or f"127.0.0.1:{self.port}"
        problem = self.assertion_problem(form["client_assertion"], f"http://{host}{entry['path']}")
        if problem is not None:
            code, description = problem
            return entra_error(401, "invalid_client", code, description, correlation_id)
        entry["assertion"]["verified"] = True
        return None

    def assertion_problem(self, assertion, audience):
        """None if `assertion` authenticates --client-id at the token URL `audience` (its jti is
        then spent), else (AADSTS code, description): the module docstring's checks, in order."""
        client_id = self.args.client_id
        certificate = self.certificate
        header, claims, malformed = parse_assertion(assertion)
        if malformed is not None:
            return 50027, f"JWT token is invalid or malformed. [Reason - {malformed}.]"
        alg = header.get("alg")
        if alg != "RS256":
            shown = alg if isinstance(alg, str) else json.dumps(alg)
            return 5002738, (f"Invalid JWT token. '{shown}' is not a supported signature "
                             "algorithm. Supported signing algorithms are: 'RS256'")
        typ = header.get("typ")
        if "typ" in header and not (isinstance(typ, str) and (
                typ.upper() == "JWT" or typ == "http://openid.net/specs/jwt/1.0")):
            return 5002727, ("Invalid JWT header type specified, must be 'JWT' or "
                             "'http://openid.net/specs/jwt/1.0'.")
        named = [name for name in ("x5t#S256", "x5t") if name in header]
        if not named:
            return 5002723, ("Invalid JWT token. No certificate SHA-1 thumbprint, certificate "
                             "SHA-256 thumbprint, nor keyId specified in token header.")
        thumbprint = thumbprint_hex(header)

        def names_certificate(name):
            value = header[name]
            try:
                return isinstance(value, str) and b64url_decode(value) == certificate.digest(name)
            except ValueError:
                return False

        if not any(names_certificate(name) for name in named):
            return 700027, ("The certificate with identifier used to sign the client assertion is "
                            "not registered on application. [Reason - The key was not found., "
                            f"Thumbprint of key used by client: '{thumbprint}', Please visit the "
                            "Azure Portal, Graph Explorer or directly use MS Graph to see "
                            f"configured keys for app Id '{client_id}'.]")
        first, payload, signature = assertion.split(".")
        if not certificate.verify(f"{first}.{payload}".encode("ascii"), b64url_decode(signature)):
            return 700027, ("Client assertion contains an invalid signature. [Reason - The "
                            "provided signature value did not match the expected signature value., "
                            f"Thumbprint of key used by client: '{thumbprint}', Found key "
                            f"'Start={certificate.start}, End={certificate.end}']")

        def missing(field):
            return 90014, (f"The required field '{field}' is missing from the credential. Ensure "
                           "that you have all the necessary parameters for the login request.")

        if "aud" not in claims:
            return missing("aud")
        if claims["aud"] != audience:
            return 700023, ("Client assertion audience claim does not match Realm issuer. "
                            f"[Assertion audience: {json.dumps(claims['aud'])}, expected: "
                            f"\"{audience}\".] Review the documentation at {CERTIFICATE_DOCS}.")
        for field in ("iss", "sub"):
            if field not in claims:
                return missing(field)
        if claims["iss"] != claims["sub"]:
            return 50048, ("Subject mismatches Issuer claim in the client assertion. [iss: "
                           f"{json.dumps(claims['iss'])}, sub: {json.dumps(claims['sub'])}.]")
        if claims["iss"] != client_id:
            return 700021, ("Client assertion application identifier doesn't match 'client_id' "
                            f"parameter. [iss and sub: {json.dumps(claims['iss'])}, client_id: "
                            f"\"{client_id}\".] Review the documentation at {CERTIFICATE_DOCS}")
        if "exp" not in claims:
            return missing("exp")
        for field in ("exp", "nbf", "iat"):
            if field in claims and not is_number(claims[field]):
                return 50027, (f"JWT token is invalid or malformed. [Reason - the '{field}' claim "
                               f"is {json.dumps(claims[field])}, not a NumericDate.]")
        now = time.time()
        exp, start = claims["exp"], claims.get("nbf", claims.get("iat"))
        valid_from = entra_time(start) if start is not None else "(no nbf or iat)"
        window = (f"Current time: {entra_time(now)}, assertion valid from {valid_from}, expiry "
                  f"time of assertion {entra_time(exp)}.")
        if exp <= now - CLOCK_SKEW or ("nbf" in claims and claims["nbf"] > now + CLOCK_SKEW):
            return 700024, (f"Client assertion is not within its valid time range. {window} Review "
                            f"the documentation at {CERTIFICATE_DOCS} .")
        if start is not None and exp - start > MAX_ASSERTION_LIFETIME:
            field = "nbf" if "nbf" in claims else "iat"
            return 700024, (f"Client assertion is not within its valid time range. {window} "
                            f"[Reason - it is valid for {exp - start:g} s (exp - {field}); this "
                            f"peer accepts at most {MAX_ASSERTION_LIFETIME} s.] Review the "
                            f"documentation at {CERTIFICATE_DOCS} .")
        jti = claims.get("jti")
        if jti is None or jti == "":
            return missing("jti")
        key = json.dumps(jti, sort_keys=True)
        if key in self.spent_jtis:
            return 50027, ("Invalid JWT token. The provided client assertion has already been "
                           f"used: its jti {json.dumps(jti)} was accepted at "
                           f"{entra_time(self.spent_jtis[key])}. Sign a new assertion, with a new "
                           "jti, for every token request.")
        self.spent_jtis[key] = now
        return None

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


class Server(http_peer.Server):
    def __init__(self, address, peer):
        self.peer = peer
        super().__init__(address, Handler)


class Handler(http_peer.Handler):
    server_name = "frist-m365-peer/1"
    log = staticmethod(log)

    def handle_any(self):
        body = self.read_body()
        path, _, query = self.path.partition("?")
        entry = {
            "method": self.command,
            "path": path,
            "query": query,
            "headers": self.request_headers(),
            "body": body.decode("utf-8", errors="replace"),
        }
        answer = self.server.peer.handle(entry)
        self.send_answer(answer.status, answer.body, answer.content_type, answer.headers)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", required=True, help="JSONL file to append requests to")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret",
                        help="the client secret (required unless --client-certificate is given)")
    parser.add_argument("--client-certificate", metavar="CERT.pem",
                        help="accept RFC 7523 client assertions signed with this certificate's key")
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
    if args.client_secret is None and args.client_certificate is None:
        parser.error("the following arguments are required: --client-secret "
                     "(or --client-certificate)")

    try:
        script = GraphScript(json.loads(args.graph_script) if args.graph_script else [])
    except ValueError as error:
        log(f"bad graph script: {error}")
        return 2

    temp_dir = tempfile.mkdtemp(prefix="m365_peer-") if args.client_certificate else None
    try:
        return serve(args, script, temp_dir)
    finally:
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)


def serve(args, script, temp_dir):
    certificate = None
    if args.client_certificate:
        try:
            certificate = Certificate(args.client_certificate, temp_dir)
        except (OSError, ValueError, subprocess.SubprocessError) as error:
            log(f"bad client certificate: {error}")
            return 2

    server = Server(("127.0.0.1", args.port), Peer(args, script, certificate))
    server.peer.port = server.server_address[1]
    return http_peer.serve(server, log)


if __name__ == "__main__":
    sys.exit(main())
