#!/usr/bin/python3
"""Writes the public bounce set: one .eml per row of cases.tsv, and manifest.tsv.

Each case is a server's reply (or an MTA's own words) quoted from a public source (an issue
tracker, a provider's published list of replies, an RFC), wrapped in the bounce layout of
the MTA that reported it (Postfix, Exim, Sendmail, qmail, OpenSMTPD, Exchange, RFC 3464). The
labels are set by hand from what the words mean, in the vocabulary of corpus/bounces/README.md,
before the parser was run on them. Addresses and hosts are the documentation ones (example.*, 192.0.2.x).

Run from anywhere: /usr/bin/python3 tests/bounce/public/build_messages.py
"""
import os

from layouts import (RCPT, exchange, exim, opensmtpd, postfix, qmail, rfc3464_example,
                     rfc3464_report, sendmail)

HERE = os.path.dirname(os.path.abspath(__file__))


def read_cases():
    """cases.tsv: one row per message; the reply is verbatim but for addresses, with a line
    break written as \\n. Labels: status, reply code, reason and hard/soft, set by hand."""
    cases = []
    with open(os.path.join(HERE, "cases.tsv"), newline="") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if not line.strip():
                continue
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            cases.append((row["name"], row["layout"], row["reply"].replace("\\n", "\n"),
                          row["stage"], row["status"], row["reply_code"], row["reason"],
                          row["hard_bounce"] == "true", row["source"]))
    return cases


def build(case):
    name, layout, reply, stage, status = case[0], case[1], case[2], case[3], case[4]
    if layout == "postfix":
        return postfix(name, reply, stage, status)
    if layout == "postfix-local":
        return postfix(name, reply, "", status)
    if layout == "postfix-greeting":
        text = "<{}>: host mx.example.net[192.0.2.25] refused to talk to me: {}".format(RCPT, reply)
        return postfix(name, reply, "", status, text=text)
    if layout == "postfix-delayed":
        text = "<{}>: host mx.example.net[192.0.2.25] refused to talk to me: {}".format(RCPT, reply)
        return postfix(name, reply, "", status, action="delayed", text=text,
                       subject="Delayed Mail (still being retried)")
    if layout == "postfix-success":
        text = "<{}>: delivery via mx.example.net[192.0.2.25]:25: {}".format(RCPT, reply)
        return postfix(name, reply, "", status, action="delivered", text=text,
                       subject="Successful Mail Delivery Report")
    if layout == "exchange":
        return exchange(name, reply, status, True)
    if layout == "exchange-text":
        return exchange(name, reply, status, False)
    if layout == "exim":
        return exim(name, reply, stage)
    if layout == "sendmail":
        return sendmail(name, reply, stage, status)
    if layout == "qmail":
        return qmail(name, reply)
    if layout == "opensmtpd":
        return opensmtpd(name, reply)
    if layout == "rfc3464":
        return rfc3464_report(name, reply, status)
    if layout == "rfc3464-example":
        return rfc3464_example(name)
    raise ValueError(layout)


def main():
    rows = ["file\tindex\tstatus\treply_code\treason\thard_bounce\tfeedback_type\tlayout\tsource"]
    cases = read_cases()
    for case in cases:
        name, layout = case[0], case[1]
        status, code, reason, hard, source = case[4:9]
        with open(os.path.join(HERE, name + ".eml"), "w", newline="\n") as f:
            f.write(build(case))
        rows.append("\t".join([name + ".eml", "1", status, code, reason,
                               "true" if hard else "false", "", layout, source]))
    with open(os.path.join(HERE, "manifest.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print(len(cases), "messages")


if __name__ == "__main__":
    main()
