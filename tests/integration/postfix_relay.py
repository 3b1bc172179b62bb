"""A real Postfix instance on loopback, in the test's own directory, used as Herald's relay.

It relays everything to the test SMTP server (the "next hop") and hands the delivery status
notifications it writes for Herald's envelope domain to `herald bounce ingest` through a pipe
transport, exactly as a production MTA would.
"""

import os
import pwd
import shutil
import subprocess
from pathlib import Path

import harness as h

POSTFIX = "/usr/sbin/postfix"
ENVELOPE_DOMAIN = "herald.test"

MASTER_CF = """\
127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
heraldbounce unix - n n - - pipe flags=Rq user={user} argv={herald} bounce ingest --config {config}
"""

MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {dir}/queue
data_directory = {dir}/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = relay.{domain}
mydomain = {domain}
myorigin = $myhostname
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:{next_hop}
relay_domains = {domain}
transport_maps = inline:{{ {domain}=heraldbounce: }}
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_tls_security_level = none
smtp_tls_security_level = none
smtp_dns_support_level = disabled
maillog_file = {dir}/maillog
maillog_file_prefixes = {dir}
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
biff = no
heraldbounce_destination_recipient_limit = 1
"""


class Postfix:
    def __init__(self, run: "h.Run", port: int, next_hop_port: int, herald: "h.Herald"):
        if not os.path.exists(POSTFIX):
            raise h.HarnessError(f"{POSTFIX} is missing: install Debian's postfix "
                                 "(scripts/setup.sh does)")
        if os.geteuid() != 0:
            raise h.HarnessError("Postfix's master must start as root; run the tests as root")
        self.run = run
        self.dir = run.dir / "postfix"
        self.dir.mkdir()
        self.port = port
        # The pipe runs `herald bounce ingest` as an unprivileged user, which must be able to
        # read the binary and config and write Herald's database.
        user = "nobody"
        self._open_to_pipe_user()
        (self.dir / "main.cf").write_text(MAIN_CF.format(
            dir=self.dir, domain=ENVELOPE_DOMAIN, next_hop=next_hop_port))
        (self.dir / "master.cf").write_text(MASTER_CF.format(
            port=self.port, user=user, herald=herald.binary, config=herald.config))
        (self.dir / "queue").mkdir(mode=0o755)
        (self.dir / "data").mkdir(mode=0o700)
        postfix_user = pwd.getpwnam("postfix")
        os.chown(self.dir / "data", postfix_user.pw_uid, postfix_user.pw_gid)
        self._postfix("check")
        self._postfix("start")
        try:
            h.wait_for(lambda: h.port_open(self.port), what=f"Postfix smtpd on {self.port}")
        except Exception as e:
            raise h.HarnessError(f"Postfix did not listen: {e}\n{self.log_tail()}") from e
        run.procs.append(self)  # stopped with the run's other processes
        self.name = "postfix"

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def _open_to_pipe_user(self) -> None:
        for path in (self.run.dir, *self.run.dir.iterdir()):
            if path.name != "postfix":
                os.chmod(path, 0o777 if path.is_dir() else 0o666)

    def _postfix(self, action: str) -> None:
        r = subprocess.run([POSTFIX, "-c", str(self.dir), action], capture_output=True,
                           text=True, timeout=60)
        if r.returncode != 0:
            raise h.HarnessError(f"postfix {action} failed ({r.returncode}): "
                                 f"{r.stderr.strip()}\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        return h.tail(self.dir / "maillog", lines)

    def close(self) -> None:
        subprocess.run([POSTFIX, "-c", str(self.dir), "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.dir / "queue", ignore_errors=True)
