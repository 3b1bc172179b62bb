"""The bounce layouts of the MTAs the public set's replies are put in (Postfix, Exim, Sendmail,
qmail, OpenSMTPD, Exchange, RFC 3464), each a function of the reply that returns a whole
message. Addresses and hosts are the documentation ones (example.*, 192.0.2.x).
"""

SENDER = "shop@example.org"
RCPT = "ola@example.net"

RETURNED = """Return-Path: <{s}>
From: Shop <{s}>
To: {r}
Subject: Your order 1042
Message-ID: <order-1042@example.org>
Date: Mon, 07 Dec 2026 05:59:00 +0000
""".format(s=SENDER, r=RCPT)

HEAD = """From: {frm}
To: {s}
Subject: {subject}
Date: Mon, 07 Dec 2026 06:00:00 +0000
Message-ID: <{name}@mail.example.org>
Auto-Submitted: auto-replied
MIME-Version: 1.0
"""


def postfix(name, reply, stage, status, action="failed", text=None, subject=None):
    if text is None:
        if stage:
            text = "<{r}>: host mx.example.net[192.0.2.25] said: {reply} (in reply to {stage} command)".format(
                r=RCPT, reply=reply, stage=stage)
        else:
            text = "<{r}>: {reply}".format(r=RCPT, reply=reply)
    diag = ("smtp; " + reply) if reply[:3].isdigit() else ("X-Postfix; " + reply)
    intro = ("I'm sorry to have to inform you that your message could not\n"
             "be delivered to one or more recipients. It's attached below.")
    if action == "delayed":
        intro = ("####################################################################\n"
                 "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
                 "####################################################################\n\n"
                 "Your message could not be delivered for more than 3 hour(s).\n"
                 "It will be retried until it is 2 day(s) old.")
    if action == "delivered":
        intro = ("Your message was successfully delivered to the destination(s)\n"
                 "listed below. If the message was delivered to mailbox you will\n"
                 "receive no further notifications. Otherwise you may still receive\n"
                 "notifications of mail delivery errors from other systems.")
    return HEAD.format(frm="MAILER-DAEMON@mail.example.org (Mail Delivery System)", s=SENDER,
                       subject=subject or "Undelivered Mail Returned to Sender", name=name) + \
        """Content-Type: multipart/report; report-type=delivery-status;
	boundary="B1.example"

--B1.example
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.example.org.

{intro}

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

{text}

--B1.example
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.org
X-Postfix-Queue-ID: 4A1B2C3D4E
X-Postfix-Sender: rfc822; {s}
Arrival-Date: Mon,  7 Dec 2026 05:59:00 +0000 (UTC)

Final-Recipient: rfc822; {r}
Original-Recipient: rfc822;{r}
Action: {action}
Status: {status}
Remote-MTA: dns; mx.example.net
Diagnostic-Code: {diag}

--B1.example
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

{returned}
--B1.example--
""".format(intro=intro, text=text, s=SENDER, r=RCPT, action=action, status=status, diag=diag,
           returned=RETURNED)


def exim(name, reply, stage):
    if stage == "RCPT TO":
        after = "after RCPT TO:<{}>".format(RCPT)
    elif stage == "MAIL FROM":
        after = "after MAIL FROM:<{}> SIZE=2022".format(SENDER)
    else:
        after = "after " + stage
    return HEAD.format(frm="Mail Delivery System <Mailer-Daemon@mail.example.org>", s=SENDER,
                       subject="Mail delivery failed: returning message to sender", name=name) + \
        """X-Failed-Recipients: {r}
Content-Type: text/plain; charset=us-ascii

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  {r}
    host mx.example.net [192.0.2.25]
    SMTP error from remote mail server {after}:
    {reply}

------ This is a copy of the message, including all the headers. ------

{returned}
Hello
""".format(r=RCPT, after=after, reply=reply, returned=RETURNED)


def sendmail(name, reply, stage, status):
    verb = {"RCPT TO": "RCPT To:<{}>".format(RCPT), "MAIL FROM": "MAIL From:<{}>".format(SENDER)}.get(stage, "DATA")
    return HEAD.format(frm="Mail Delivery Subsystem <MAILER-DAEMON@mail.example.org>", s=SENDER,
                       subject="Returned mail: see transcript for details", name=name) + \
        """Content-Type: multipart/report; report-type=delivery-status;
	boundary="B2.example"

This is a MIME-encapsulated message

--B2.example

The original message was received at Mon, 7 Dec 2026 05:59:00 GMT
from localhost [127.0.0.1]

   ----- The following addresses had permanent fatal errors -----
<{r}>
    (reason: {reply})

   ----- Transcript of session follows -----
... while talking to mx.example.net.:
>>> {verb}
<<< {reply}

--B2.example
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.org
Received-From-MTA: DNS; localhost
Arrival-Date: Mon, 7 Dec 2026 05:59:00 GMT

Final-Recipient: RFC822; {r}
Action: failed
Status: {status}
Remote-MTA: DNS; mx.example.net
Diagnostic-Code: SMTP; {reply}
Last-Attempt-Date: Mon, 7 Dec 2026 06:00:00 GMT

--B2.example
Content-Type: text/rfc822-headers

{returned}
--B2.example--
""".format(r=RCPT, reply=reply, verb=verb, status=status, returned=RETURNED)


def qmail(name, text):
    return HEAD.format(frm="MAILER-DAEMON@mail.example.org", s=SENDER, subject="failure notice",
                       name=name) + """Content-Type: text/plain

Hi. This is the qmail-send program at mail.example.org.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<{r}>:
{text}

--- Below this line is a copy of the message.

{returned}
Hello
""".format(r=RCPT, text=text, returned=RETURNED)


def opensmtpd(name, text):
    return HEAD.format(frm="Mailer Daemon <MAILER-DAEMON@mail.example.org>", s=SENDER,
                       subject="Delivery status notification: error", name=name) + """Content-Type: text/plain

Hi!

This is the MAILER-DAEMON, please DO NOT REPLY to this email.

An error has occurred while attempting to deliver a message for
the following list of recipients:

{r}: {text}

Below is a copy of the original message:

{returned}
Hello
""".format(r=RCPT, text=text, returned=RETURNED)


def rfc3464_report(name, reply, status):
    # The layout of RFC 3464's examples: a text part, the DSN fields, the returned message.
    return HEAD.format(frm="Mail Delivery Subsystem <MAILER-DAEMON@mail.example.org>", s=SENDER,
                       subject="Delivery Status Notification (Failure)", name=name) + \
        """Content-Type: multipart/report; report-type=delivery-status;
	boundary="B3.example"

--B3.example

Your message could not be delivered to <{r}>.

--B3.example
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.org

Original-Recipient: rfc822;{r}
Final-Recipient: rfc822;{r}
Action: failed
Status: {status}
Remote-MTA: dns; mx.example.net
Diagnostic-Code: smtp; {reply}

--B3.example
Content-Type: message/rfc822

{returned}
Hello
--B3.example--
""".format(r=RCPT, reply=reply, status=status, returned=RETURNED)


def rfc3464_example(name):
    # RFC 3464 appendix D, "Simple DSN", with the documentation addresses.
    return HEAD.format(frm="Mail Delivery Subsystem <MAILER-DAEMON@mail.example.org>", s=SENDER,
                       subject="Returned mail: Cannot send message for 5 days", name=name) + \
        """Content-Type: multipart/report; report-type=delivery-status;
    boundary="RAA14128.773615765/mail.example.org"

--RAA14128.773615765/mail.example.org

   The original message was received at Sat, 2 Jul 1994 17:10:28 -0400
   from root@localhost

      ----- The following addresses had delivery problems -----
<{r}>  (unrecoverable error)

      ----- Transcript of session follows -----
<{r}>... Deferred: Connection timed out
            with mx.example.net.
Message could not be delivered for 5 days
Message will be deleted from queue

--RAA14128.773615765/mail.example.org
content-type: message/delivery-status

Reporting-MTA: dns; mail.example.org

Original-Recipient: rfc822;{r}
Final-Recipient: rfc822;{r}
Action: failed
Status: 4.0.0
Diagnostic-Code: smtp; 426 connection timed out
Last-Attempt-Date: Thu, 7 Jul 1994 17:15:49 -0400

--RAA14128.773615765/mail.example.org
content-type: message/rfc822

{returned}
Hello
--RAA14128.773615765/mail.example.org--
""".format(r=RCPT, returned=RETURNED)


def exchange(name, reply, status, with_dsn):
    # Exchange's words for the sender; only the address-not-found one is quoted here.
    explanation = ""
    if "NotFound" in reply:
        explanation = ("The e-mail address you entered couldn't be found. Please check the recipient's e-mail address\n"
                       "and try to resend the message. If the problem continues, please contact your helpdesk.\n")
    text = """Delivery has failed to these recipients or groups:

{r}
{explanation}
Diagnostic information for administrators:

Generating server: mail.example.org

{r}
Remote Server returned '{reply}'

Original message headers:

{returned}""".format(r=RCPT, reply=reply, returned=RETURNED, explanation=explanation)
    head = HEAD.format(frm="postmaster@example.org", s=SENDER, subject="Undeliverable: Your order 1042",
                       name=name)
    if not with_dsn:
        return head + "Content-Type: text/plain; charset=us-ascii\n\n" + text
    return head + """Content-Type: multipart/report; report-type=delivery-status;
	boundary="B4.example"

--B4.example
Content-Type: text/plain; charset=us-ascii

{text}
--B4.example
Content-Type: message/delivery-status

Reporting-MTA: dns;mail.example.org
Received-From-MTA: dns;client.example.org
Arrival-Date: Mon, 7 Dec 2026 05:59:00 +0000

Final-Recipient: rfc822;{r}
Action: failed
Status: {status}

--B4.example
Content-Type: text/rfc822-headers

{returned}
--B4.example--
""".format(text=text, r=RCPT, status=status, returned=RETURNED)
