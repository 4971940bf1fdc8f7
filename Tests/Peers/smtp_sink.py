#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for Frist's delivery tests: records every accepted message.

Usage:
    python3 smtp_sink.py --port 0 --record FILE.jsonl
        [--auth USER:PASS | --xoauth2 TOKEN_KEY] [--auth-optional]
        [--tls-cert CERT --tls-key KEY [--require-starttls | --implicit-tls]]
        [--reject-rcpt ADDR ...]

Binds 127.0.0.1 only (port 0 = ephemeral). Once listening it prints exactly one line
`READY <port>` to stdout and flushes; nothing else is ever written to stdout (logs go to stderr).

Each accepted message is appended to the record file as one JSON line, flushed and fsynced before
the 250 reply to DATA:
    {"mail_from": "a@x", "rcpt_tos": ["b@y"], "data": "<raw message, UTF-8, errors replaced>",
     "auth_user": "user" or null, "tls": true/false, "n": 1, "helo": "<EHLO name>",
     "mail_options": [...], "rcpt_options": [...],
     "auth_mechanism": "PLAIN" / "LOGIN" / "XOAUTH2" or null,
     "auth_token_serial": <the "n" of the XOAUTH2 bearer token> or null}

--auth USER:PASS   offers AUTH PLAIN and LOGIN, also without TLS, and then requires it: MAIL
                   before a successful AUTH gets "530 5.7.0 Authentication required" (unless
                   --auth-optional). Wrong credentials get "535 5.7.8". Without --auth no AUTH
                   is offered at all.
--xoauth2 TOKEN_KEY  offers ONLY AUTH XOAUTH2 (no PLAIN/LOGIN), also without TLS, and then
                   requires it before MAIL like --auth ("530 5.7.0 Authentication required",
                   unless --auth-optional). The client sends, base64-encoded, either with the
                   command (SASL-IR: "AUTH XOAUTH2 <b64>") or after an empty "334 " challenge:
                       user=<user>\x01auth=Bearer <token>\x01\x01
                   The token must be one issued by m365_peer.py with the same TOKEN_KEY, of scope
                   exactly https://outlook.office365.com/.default and not expired (format below).
                   Success: "235 2.7.0 Authentication successful" and auth_user is <user>; any
                   failure: "535 5.7.3 Authentication unsuccessful" (as Exchange Online answers).
                   Excludes --auth.
--tls-cert/--tls-key  offer STARTTLS with that certificate; --require-starttls answers
                   "530 Must issue a STARTTLS command first" to anything but EHLO/NOOP/QUIT/
                   STARTTLS before the TLS handshake. --implicit-tls instead speaks TLS from the
                   first byte (smtps://, port 465 style) and offers no STARTTLS.
--reject-rcpt ADDR answers RCPT TO:<ADDR> with "550 5.1.1 User unknown" (repeatable; the
                   comparison ignores case).

Tokens (the same format as m365_peer.py; verify_token here duplicates its check):
    b64url(json {"scp": scope, "exp": unix_seconds, "cid": client_id, "n": serial}) + "." +
    b64url(HMAC-SHA256(TOKEN_KEY as UTF-8, the first part)), b64url = URL-safe base64, no padding.

SMTPUTF8 and 8BITMIME are offered. SIGTERM / SIGINT stop it cleanly (exit status 0). It also exits
by itself if its parent dies.
"""

import argparse
import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import signal
import socket
import ssl
import sys
import time
import warnings

try:
    from aiosmtpd.smtp import MISSING, SMTP, AuthResult
except ImportError:  # pragma: no cover
    sys.stderr.write(
        "smtp_sink: the Python package aiosmtpd is missing "
        "(python3 -m pip install aiosmtpd, or apt-get install python3-aiosmtpd)\n"
    )
    sys.exit(3)


XOAUTH2_SCOPE = "https://outlook.office365.com/.default"


def log(message):
    sys.stderr.write(f"smtp_sink: {message}\n")
    sys.stderr.flush()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_token(token, key, scope, now):
    """The claims of an m365_peer.py token signed with `key`, of scope exactly `scope`, not
    expired at `now`; or None. (A copy of m365_peer.py's check: the two run as separate scripts.)"""
    try:
        first, _, signature = token.partition(".")
        expected = hmac.new(key.encode("utf-8"), first.encode("ascii"), hashlib.sha256).digest()
        if not hmac.compare_digest(b64url_decode(signature), expected):
            return None
        claims = json.loads(b64url_decode(first))
    except (ValueError, UnicodeError, TypeError):
        return None
    if not isinstance(claims, dict) or claims.get("scp") != scope:
        return None
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool) or now >= exp:
        return None
    return claims


class XOAuth2Login:
    """session.auth_data after a successful AUTH XOAUTH2 (handle_DATA reads .login)."""

    def __init__(self, login, serial):
        self.login = login
        self.serial = serial


class Recorder:
    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8")
        self.count = 0

    def record(self, entry):
        # Everything runs on one event loop thread: no lock needed.
        self.count += 1
        entry["n"] = self.count
        self.file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.file.flush()
        os.fsync(self.file.fileno())


class Handler:
    def __init__(self, recorder, offer_auth, reject, xoauth2_key=None):
        self.recorder = recorder
        self.offer_auth = offer_auth
        self.reject = {address.lower() for address in reject}
        self.xoauth2_key = xoauth2_key

    async def auth_XOAUTH2(self, server, args):
        """AUTH XOAUTH2, with or without an initial response (offered only with --xoauth2)."""
        failed = "535 5.7.3 Authentication unsuccessful"
        if len(args) == 1:
            blob = await server.challenge_auth("", encode_to_b64=False)
            if blob is MISSING:  # "*" or bad base64: challenge_auth has answered already
                return AuthResult(success=False, handled=True)
        else:
            try:
                blob = base64.b64decode(args[1].encode(), validate=True)
            except (binascii.Error, ValueError):
                await server.push("501 5.5.2 Can't decode base64")
                return AuthResult(success=False, handled=True)
        fields = {}
        for part in blob.decode("utf-8", errors="replace").split("\x01"):
            name, sep, value = part.partition("=")
            if sep:
                fields.setdefault(name.lower(), value)
        user = fields.get("user", "")
        scheme, _, token = fields.get("auth", "").partition(" ")
        claims = None
        if self.xoauth2_key is not None and user and scheme.lower() == "bearer":
            claims = verify_token(token.strip(), self.xoauth2_key, XOAUTH2_SCOPE, time.time())
        if claims is None:
            log(f"AUTH XOAUTH2 rejected for user {user!r}")
            return AuthResult(success=False, handled=False, message=failed)
        return AuthResult(success=True,
                          auth_data=XOAuth2Login(user.encode("utf-8"), claims.get("n")))

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if not self.offer_auth:
            responses = [r for r in responses if not r.startswith("250-AUTH")]
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 User unknown"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or b""
        auth_user = None
        if session.authenticated and session.auth_data is not None:
            login = getattr(session.auth_data, "login", None)
            if isinstance(login, bytes):
                login = login.decode("utf-8", errors="replace")
            auth_user = login
        self.recorder.record({
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "data": content.decode("utf-8", errors="replace"),
            "auth_user": auth_user,
            "tls": server._tls_protocol is not None
                   or server.transport.get_extra_info("sslcontext") is not None,
            "helo": session.host_name,
            "mail_options": list(envelope.mail_options),
            "rcpt_options": list(envelope.rcpt_options),
            "auth_mechanism": getattr(session, "frist_auth_mechanism", None)
                              if session.authenticated else None,
            "auth_token_serial": getattr(session.auth_data, "serial", None)
                                 if session.authenticated else None,
        })
        return "250 2.0.0 OK: queued"


class AuthRequiredSMTP(SMTP):
    """aiosmtpd's SMTP, with MAIL refused before AUTH when `must_auth` is set.

    (aiosmtpd's own auth_required also refuses RCPT/DATA/NOOP..., and warns when TLS is not
    required; this keeps the check to MAIL, as real submission servers do.)
    """

    must_auth = False

    async def smtp_AUTH(self, arg):
        before = self.session is not None and self.session.authenticated
        await super().smtp_AUTH(arg)
        if not before and self.session is not None and self.session.authenticated:
            self.session.frist_auth_mechanism = arg.split()[0].upper() if arg else None

    smtp_AUTH.__smtp_syntax__ = SMTP.smtp_AUTH.__smtp_syntax__
    smtp_AUTH.__smtp_syntax_extended__ = SMTP.smtp_AUTH.__smtp_syntax_extended__
    smtp_AUTH.__smtp_syntax_when__ = SMTP.smtp_AUTH.__smtp_syntax_when__

    async def smtp_MAIL(self, arg):
        if self.must_auth and self.session is not None and not self.session.authenticated:
            await self.push("530 5.7.0 Authentication required")
            return
        await super().smtp_MAIL(arg)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--record", required=True, help="JSONL file to append messages to")
    parser.add_argument("--auth", help="USER:PASS accepted by AUTH PLAIN / LOGIN")
    parser.add_argument("--xoauth2", metavar="TOKEN_KEY",
                        help="offer only AUTH XOAUTH2, checking m365_peer.py tokens with this key")
    parser.add_argument("--auth-optional", action="store_true",
                        help="with --auth/--xoauth2: still accept MAIL without AUTH")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--require-starttls", action="store_true")
    parser.add_argument("--implicit-tls", action="store_true",
                        help="TLS from the first byte (smtps://) instead of STARTTLS")
    parser.add_argument("--reject-rcpt", action="append", default=[], metavar="ADDR")
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if (args.require_starttls or args.implicit_tls) and not args.tls_cert:
        parser.error("--require-starttls and --implicit-tls need --tls-cert and --tls-key")
    if args.require_starttls and args.implicit_tls:
        parser.error("--require-starttls and --implicit-tls exclude each other")
    if args.auth is not None and ":" not in args.auth:
        parser.error("--auth takes USER:PASS")
    if args.auth is not None and args.xoauth2 is not None:
        parser.error("--auth and --xoauth2 exclude each other")
    return args


async def serve(args):
    tls_context = None
    if args.tls_cert:
        tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    user = password = None
    if args.auth is not None:
        user, password = args.auth.split(":", 1)

    def check(mechanism, login, secret):
        return (login.decode("utf-8", errors="replace") == user
                and secret.decode("utf-8", errors="replace") == password)

    xoauth2 = args.xoauth2 is not None
    handler = Handler(Recorder(args.record), offer_auth=user is not None or xoauth2,
                      reject=args.reject_rcpt, xoauth2_key=args.xoauth2)
    loop = asyncio.get_running_loop()

    def factory():
        smtp = AuthRequiredSMTP(
            handler,
            hostname="frist-smtp-sink",  # not socket.getfqdn(): that can stall on DNS
            enable_SMTPUTF8=True,
            tls_context=None if args.implicit_tls else tls_context,
            require_starttls=args.require_starttls,
            auth_require_tls=False,
            auth_callback=check if user is not None else None,
            # The handler's auth_XOAUTH2 is offered only with --xoauth2, and then alone.
            auth_exclude_mechanism=["LOGIN", "PLAIN"] if xoauth2 else ["XOAUTH2"],
            loop=loop,
        )
        smtp.must_auth = (user is not None or xoauth2) and not args.auth_optional
        return smtp

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(64)
    sock.setblocking(False)
    server = await loop.create_server(
        factory, sock=sock, ssl=tls_context if args.implicit_tls else None)
    port = sock.getsockname()[1]

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # A parent may have started us with these signals blocked (inherited mask): unblock them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

    async def watch_parent():
        parent = os.getppid()
        while os.getppid() == parent:
            await asyncio.sleep(0.5)
        log("parent exited; stopping")
        stop.set()

    watcher = asyncio.create_task(watch_parent())
    sys.stdout.write(f"READY {port}\n")
    sys.stdout.flush()
    await stop.wait()
    watcher.cancel()
    server.close()
    # Do not wait for open sessions (wait_closed would, since Python 3.12): just leave.


def main():
    args = parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="smtp_sink: %(levelname)s %(message)s")
    # aiosmtpd logs a deprecation warning for login_data on every AUTH: noise.
    logging.getLogger("mail.log").setLevel(logging.INFO)
    logging.getLogger("mail.log").addFilter(lambda r: "login_data" not in r.getMessage())
    warnings.simplefilter("ignore")
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
