#!/usr/bin/python3
"""A real SMTP server for the mail tests (aiosmtpd, Debian python3-aiosmtpd).

Listens on 127.0.0.1:PORT (0 = any free port), prints "READY <port>" on
stdout once it accepts connections, and appends one JSON line per message
received to --out: envelope sender and recipients, the decoded To, From,
Subject, Message-ID and Date headers, and the plain-text body (decoded by
the standard library's email parser, so quoted-printable and RFC 2047 are
undone the way a mail client would), and the message exactly as it came
over the wire ("raw", for tests of the encoding itself).  Options make it slow (--delay) or
refuse messages (--tempfail-first N answers 451 to the first N, --reject
ADDRESS answers 550 to that recipient), for the retry and failure tests;
--tls-cert/--tls-key offer STARTTLS and require it, --auth USER:PASSWORD
requires authentication (after STARTTLS) with that one account.
"""
import argparse
import asyncio
import json
import ssl
import sys
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Authenticator:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False)


class Handler:
    def __init__(self, args):
        self.args = args
        self.tempfails = args.tempfail_first

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.args.reject and address.lower() == self.args.reject.lower():
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.tempfails > 0:
            self.tempfails -= 1
            return "451 4.3.0 Try again later"
        if self.args.delay:
            await asyncio.sleep(self.args.delay)
        raw = envelope.original_content or envelope.content
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        body = msg.get_body(preferencelist=("plain",))
        rec = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "to": str(msg["To"] or ""),
            "from": str(msg["From"] or ""),
            "subject": str(msg["Subject"] or ""),
            "message_id": str(msg["Message-ID"] or ""),
            "date": str(msg["Date"] or ""),
            "content_type": body.get_content_type() if body else "",
            "charset": body.get_content_charset() if body else "",
            "body": body.get_content() if body else "",
            "raw": raw.decode("utf-8", errors="replace"),
        }
        with open(self.args.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec) + "\n")
            f.flush()
        return "250 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--tempfail-first", type=int, default=0)
    p.add_argument("--reject", default="")
    p.add_argument("--tls-cert", default="")
    p.add_argument("--tls-key", default="")
    p.add_argument("--auth", default="")
    args = p.parse_args()
    port = args.port
    if port == 0:
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    kw = {}
    if args.tls_cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        kw.update(tls_context=ctx, require_starttls=True)
    if args.auth:
        user, _, password = args.auth.partition(":")
        kw.update(authenticator=Authenticator(user, password), auth_required=True, auth_require_tls=bool(args.tls_cert))
    c = Controller(Handler(args), hostname="127.0.0.1", port=port, decode_data=False, server_hostname="localhost",
                   ready_timeout=10, **kw)
    c.start()
    print(f"READY {port}", flush=True)
    try:
        for _ in sys.stdin:
            pass   # runs until the test closes stdin (or kills it)
    finally:
        c.stop()


if __name__ == "__main__":
    main()
