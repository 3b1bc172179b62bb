#include <algorithm>

#include "bounce/bounce.h"
#include "bounce/classify.h"
#include "bounce/found.h"
#include "bounce/text_layout.h"
#include "common/ascii.h"

namespace herald::bounce {

namespace {

bool is_message_field(std::string_view lower_name) {
  static constexpr std::string_view kNames[] = {
      "received", "return-path",    "message-id", "from",   "to",         "subject",
      "date",     "dkim-signature", "reply-to",   "sender", "references", "in-reply-to"};
  return std::find(std::begin(kNames), std::end(kNames), lower_name) != std::end(kNames);
}

bool is_dsn_field(std::string_view lower_name) {
  static constexpr std::string_view kNames[] = {"reporting-mta",
                                                "final-recipient",
                                                "original-recipient",
                                                "action",
                                                "status",
                                                "diagnostic-code",
                                                "remote-mta",
                                                "arrival-date",
                                                "last-attempt-date",
                                                "received-from-mta",
                                                "x-postfix-queue-id",
                                                "x-postfix-sender",
                                                "will-retry-until",
                                                "x-actual-recipient"};
  return std::find(std::begin(kNames), std::end(kNames), lower_name) != std::end(kNames);
}

// Where the copy of our message starts inside the text: three header fields in a row at the
// start of lines, one of them a message header, none of them a DSN field. The header of a
// forwarded report (From: MAILER-DAEMON) is part of the report, not the copy.
std::size_t returned_copy_start(const std::vector<std::string_view>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (field_name(lines[i]).empty()) continue;
    int fields = 0;
    bool message = false, dsn = false, from_daemon = false;
    std::size_t j = i;
    for (; j < lines.size(); ++j) {
      const std::string_view l = lines[j];
      if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && j > i) continue;
      const std::string name = to_lower(field_name(l));
      if (name.empty()) break;
      ++fields;
      message = message || is_message_field(name);
      dsn = dsn || is_dsn_field(name);
      from_daemon =
          from_daemon ||
          (name == "from" && (contains_ci(l, "mailer-daemon") || contains_ci(l, "postmaster")));
    }
    if (fields >= 3 && message && !dsn) {
      if (!from_daemon) return i;
      i = j;
    }
  }
  return lines.size();
}

std::string join(const std::vector<std::string_view>& lines, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < lines.size(); ++i) {
    out += lines[i];
    out += '\n';
  }
  return out;
}

// Up to the blank line that ends a header.
std::string header_block(std::string_view text) {
  std::string out;
  bool started = false;
  for (std::string_view line : split_lines(text)) {
    if (trim(line).empty()) {
      if (started) break;
      continue;
    }
    started = true;
    out += line;
    out += '\n';
  }
  return out;
}

void fill_original(BounceReport& report, std::string_view returned) {
  static constexpr std::string_view kFields[] = {"message-id", "return-path", "from", "subject",
                                                 "x-herald-message-id"};
  for (const Field& f : parse_fields(header_block(returned), kFields)) {
    if (f.name == "message-id" && report.original_message_id.empty())
      report.original_message_id = strip_angles(f.value);
    else if (f.name == "return-path" && report.original_return_path.empty())
      report.original_return_path = strip_angles(f.value);
    else if (f.name == "from" && report.original_from.empty())
      report.original_from = first_address(f.value);
    else if (f.name == "subject" && report.original_subject.empty())
      report.original_subject = decode_header_text(f.value);
    else if (f.name == "x-herald-message-id")
      report.original_x_herald_message_ids.push_back(strip_angles(f.value));
  }
}

// Exim names a failed pipe or file delivery by its target ("Final-Recipient: rfc822;
// /var/mail/x"); its X-Failed-Recipients header has the address.
void use_failed_recipients(std::vector<Found>& found, const ReportParts& parts) {
  const std::string_view header = parts.header("x-failed-recipients");
  const auto spans = find_addresses(header);
  if (spans.size() != found.size()) return;
  for (std::size_t i = 0; i < found.size(); ++i)
    if (found[i].address.find('@') == std::string::npos)
      found[i].address = header.substr(spans[i].pos, spans[i].len);
}

// Sendmail keeps only the first line of a multi-line reply ("552-5.7.0 This message was
// blocked because ...") in the DSN; the session transcript has all of it.
void complete_reply(Found& d, std::string_view region) {
  const std::string_view diag = d.diagnostic;
  if (diag.size() < 8 || diag[3] != '-' || find_reply_code(diag.substr(0, 4)).empty()) return;
  const std::string_view code = diag.substr(0, 3);
  std::string full;
  bool inside = false;
  for (std::string_view line : split_lines(region)) {
    line = trim(line);
    if (line.starts_with("<<<")) line = trim(line.substr(3));
    const bool reply =
        line.size() > 4 && line.substr(0, 3) == code && (line[3] == '-' || line[3] == ' ');
    if (!inside && reply && line == diag) inside = true;
    if (!inside) continue;
    if (!reply) break;
    if (!full.empty()) full += ' ';
    full += line;
    if (line[3] == ' ') break;
  }
  if (full.size() > diag.size()) d.diagnostic = full;
}

// A session transcript (Sendmail's "... while talking to host:") gives the command line
// (">>> DATA") before the server's reply ("<<< 552-5.7.0 This message was blocked") that a
// recipient's diagnostic quotes: the command that reply answered.
std::string command_before_reply(std::string_view region, std::string_view diagnostic) {
  const std::string_view head = trim(diagnostic).substr(0, 12);
  if (head.size() < 9 || !ascii_is_digit(head[0])) return {};
  std::string last;
  for (std::string_view line : split_lines(region)) {
    line = trim(line);
    if (line.starts_with(">>> ")) {
      last = smtp_command_in(line);
    } else if (line.starts_with("<<< ") && line.substr(4).starts_with(head)) {
      return last;
    }
  }
  return {};
}

// DSN fields rarely say at which SMTP command the server answered, and some carry no
// diagnostic at all; the human-readable part of the same report often does.
void enrich(std::vector<Found>& from_dsn, const std::vector<Found>& from_text,
            std::string_view region) {
  for (Found& d : from_dsn) {
    complete_reply(d, region);
    if (d.command.empty()) d.command = command_before_reply(region, d.diagnostic);
    const Found* t = nullptr;
    for (const Found& x : from_text)
      if (to_lower(x.address) == to_lower(d.address)) t = &x;
    if (t == nullptr && from_dsn.size() == 1 && from_text.size() == 1) t = &from_text[0];
    if (t == nullptr) {
      // "Diagnostic-Code: X-Unix; 71" and no address in the text: the reply line of the
      // session transcript gives the code.
      if (!has_letters(d.diagnostic) && d.reply_code.empty() && from_dsn.size() == 1)
        for (std::string_view line : split_lines(region))
          if (d.reply_code.empty()) d.reply_code = find_reply_code(trim(line).substr(0, 4));
      continue;
    }
    if (d.command.empty()) d.command = t->command;
    // The MTA's own summary line ("550 5.1.1 <a@b>... User unknown") may name an address
    // status the DSN does not.
    for (std::size_t p = t->diagnostic.find(".1."); p != std::string::npos;
         p = t->diagnostic.find(".1.", p + 1))
      if (p > 0 && (t->diagnostic[p - 1] == '5' || t->diagnostic[p - 1] == '4') &&
          (p == 1 || t->diagnostic[p - 2] == ' ') && p + 3 < t->diagnostic.size() &&
          ascii_is_digit(t->diagnostic[p + 3]))
        d.address_status = true;
    // "Diagnostic-Code: X-Unix; 77" is an exit code, "Diagnostic -1 (Unknown)" a gateway's
    // placeholder; the text says what it meant.
    if (!has_letters(d.diagnostic) ||
        (d.reply_code.empty() && !domain::says_any_reason(d.diagnostic) &&
         domain::says_any_reason(t->diagnostic))) {
      d.diagnostic = t->diagnostic;
      if (d.reply_code.empty()) d.reply_code = t->reply_code;
    }
    const bool generic = d.status.empty() || d.status.ends_with(".0.0");
    if (generic && t->status.size() > 4 && !t->status.ends_with(".0.0") &&
        (d.status.empty() || d.status[0] == t->status[0]))
      d.status = t->status;
  }
}

// Words about our own sender address ("<we@shop>... Domain of sender address does not exist")
// are about the sender, whatever the code.
void mark_sender_words(std::vector<Found>& found, const BounceReport& report,
                       const ReportParts& parts) {
  std::vector<std::string> senders;
  for (const std::string& a :
       {report.original_from, report.original_return_path, first_address(parts.header("to"))})
    if (!a.empty()) senders.push_back(to_lower(a));
  for (Found& f : found) {
    // Only the server's reply counts, not the report around it.
    std::string diag = to_lower(f.diagnostic);
    const std::string code = find_reply_code(diag);
    if (code.empty()) continue;
    diag = diag.substr(diag.find(code));
    if (f.address.empty() || diag.find(to_lower(f.address)) != std::string::npos) continue;
    for (const std::string& s : senders)
      if (diag.find(s) != std::string::npos) f.about_sender = true;
  }
}

// Google Groups answers a post it refuses (no such group, or not allowed to post) in the
// poster's language, without an SMTP reply: the post was rejected.
void google_groups(std::vector<Found>& found, std::string_view region) {
  if (!contains_ci(region, "groups.google.com")) return;
  for (Found& f : found)
    if (f.reply_code.empty() && f.reason.empty()) f.reason = "rejected";
}

// The recipients a copy of our message names, for a report that says nothing about them.
std::vector<Found> addressees(std::string_view returned) {
  std::vector<Found> out;
  static constexpr std::string_view kFields[] = {"to", "cc"};
  for (const Field& f : parse_fields(header_block(returned), kFields)) {
    for (const auto& span : find_addresses(f.value)) {
      Found r;
      r.address = f.value.substr(span.pos, span.len);
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace

BounceReport parse_report(std::string_view raw_message, int depth) {
  const ReportParts parts = read_report(raw_message);
  BounceReport report;
  for (std::string_view h : {"delivered-to", "x-original-to", "to"}) {
    report.report_to = first_address(parts.header(h));
    if (!report.report_to.empty()) break;
  }

  const std::vector<std::string_view> lines = unquote_lines(split_lines(parts.text));
  const std::size_t copy = returned_copy_start(lines);
  const std::string region = join(lines, 0, copy);
  std::string returned =
      parts.has_returned_part ? parts.returned_headers : join(lines, copy, lines.size());

  std::vector<Found> found = read_feedback(parts, returned);
  std::string ses_headers;
  if (found.empty() && read_ses_notification(parts.text, found, ses_headers))
    returned = ses_headers;
  const bool bounce_like = looks_like_bounce(parts);
  if (found.empty()) {
    for (const std::string& ds : parts.delivery_status) {
      auto more = read_dsn(ds);
      found.insert(found.end(), more.begin(), more.end());
    }
    if (found.empty() && contains_ci(region, "final-recipient:")) found = read_dsn(region);
    use_failed_recipients(found, parts);
    if (!found.empty() && bounce_like)
      enrich(found, read_text_bounce(parts, region, returned), region);
  }
  if (found.empty() && bounce_like) {
    found = read_text_bounce(parts, region, returned);
    google_groups(found, region);
  }
  if (found.empty() && !parts.nested_report.empty() && depth == 0) {
    BounceReport inner = parse_report(parts.nested_report, depth + 1);
    if (inner.is_bounce) {
      inner.report_to = report.report_to;
      return inner;
    }
  }
  // A DSN without per-recipient fields (Postfix: "Delivery report unavailable").
  if (found.empty() && !parts.delivery_status.empty()) found = addressees(returned);
  if (found.empty()) read_auto_reply(parts, found);

  fill_original(report, returned);
  mark_sender_words(found, report, parts);
  const ReportContext context(parts.subject + "\n" + region);
  for (Found& f : found) f.sole = found.size() == 1;
  for (const Found& f : found) report.recipients.push_back(classify(f, context));
  report.is_bounce = !report.recipients.empty();
  return report;
}

void prepare_bounce_parsing() {
  domain::says_any_reason("");
  decode_header_text("");
}

BounceReport parse_bounce(std::string_view raw_message) {
  return parse_report(raw_message, 0);
}

}  // namespace herald::bounce
