#!/usr/bin/python3
"""A scripted SMTP server for Herald's tests (Debian's python3-aiosmtpd).

    smtp_server.py --port PORT --out FILE.jsonl [--defer-times N] [--auth USER:PASS]
                   [--tls-cert CERT --tls-key KEY [--implicit-tls]]

Listens on 127.0.0.1:PORT (0 picks a free port), then prints "READY <port>" and flushes.
Answers RCPT TO by the local part of the address:
    unknown*  550 5.1.1 <addr>: Recipient address rejected: User unknown in virtual mailbox table
    full*     452 4.2.2 <addr>: Mailbox full
    blocked*  550 5.7.1 Message rejected as spam
    later*    451 4.3.0 Try again later, for the first N attempts per address; then accepted
    nosuchuser*  550 User unknown
    other     250
A message with a recipient whose local part starts with "afterdata" is refused at the end of
DATA with "550 User unknown" (a filter's verdict, not a missing address).
MAIL FROM a sender whose local part starts with "rejected" gets
    553 5.1.8 <addr>: Sender address rejected: Domain not found
Each accepted message appends one JSON line to FILE: {"mail_from", "rcpt_tos", "data" (the raw
message), "peer" ("host:port"), "connection" (a number per TCP connection, from 1), "tls"}.
With --auth, AUTH PLAIN/LOGIN is offered without TLS and required before MAIL.
With --tls-cert/--tls-key, STARTTLS is offered; with --implicit-tls too, TLS from the start.
SIGTERM or SIGINT stops it with exit status 0.
"""
import argparse
import asyncio
import collections
import itertools
import json
import logging
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class ScriptedHandler:
    def __init__(self, out, defer_times):
        self.out = out
        self.defer_times = defer_times
        self.attempts = collections.Counter()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if address.split("@", 1)[0].lower().startswith("rejected"):
            return f"553 5.1.8 <{address}>: Sender address rejected: Domain not found"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("unknown"):
            return (f"550 5.1.1 <{address}>: Recipient address rejected: "
                    "User unknown in virtual mailbox table")
        if local.startswith("full"):
            return f"452 4.2.2 <{address}>: Mailbox full"
        if local.startswith("blocked"):
            return "550 5.7.1 Message rejected as spam"
        if local.startswith("nosuchuser"):
            return "550 User unknown"
        if local.startswith("later"):
            self.attempts[address.lower()] += 1
            if self.attempts[address.lower()] <= self.defer_times:
                return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        if any(a.split("@", 1)[0].lower().startswith("afterdata") for a in envelope.rcpt_tos):
            return "550 User unknown"
        host, port = session.peer[0], session.peer[1]
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.original_content.decode("utf-8", errors="replace"),
            "peer": f"{host}:{port}",
            "connection": server.connection_id,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
        }
        self.out.write(json.dumps(record) + "\n")
        self.out.flush()
        return "250 2.0.0 Ok: queued"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)
    return authenticate


async def serve(args):
    loop = asyncio.get_running_loop()
    out = open(args.out, "a", encoding="utf-8")
    handler = ScriptedHandler(out, args.defer_times)
    connection_ids = itertools.count(1)
    options = {}
    if args.auth:
        user, _, password = args.auth.partition(":")
        options = {"authenticator": make_authenticator(user, password),
                   "auth_required": True, "auth_require_tls": False}

    tls = None
    if args.tls_cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
        if not args.implicit_tls:
            options["tls_context"] = tls

    def new_session():
        smtp = SMTP(handler, hostname="herald-test-smtp", enable_SMTPUTF8=True, loop=loop,
                    **options)
        smtp.connection_id = next(connection_ids)
        return smtp

    server = await loop.create_server(new_session, host="127.0.0.1", port=args.port,
                                      ssl=tls if args.implicit_tls else None)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
    await stop.wait()
    server.close()
    out.close()


def main():
    # AUTH without TLS is what the tests want; aiosmtpd warns about it on every session.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--defer-times", type=int, default=2)
    parser.add_argument("--auth", default="", help="USER:PASS to require AUTH")
    parser.add_argument("--tls-cert", default="", help="PEM certificate: offer STARTTLS")
    parser.add_argument("--tls-key", default="", help="PEM private key of --tls-cert")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the start")
    asyncio.run(serve(parser.parse_args()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
