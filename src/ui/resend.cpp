#include "ui/resend.h"

#include "common/error.h"
#include "tracking/tracking_token.h"
#include "ui/page.h"

namespace herald::ui {

namespace {
bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// Stored content is already rendered; intake renders inline content as a template again,
// so any "{{" in it must not be read as a tag. Switching the delimiters first does that.
std::string literal(const std::string& s) {
  if (s.find("{{") == std::string::npos) return s;
  return "{{=<%herald% %herald%>=}}" + s;
}
}  // namespace

std::string strip_tracking(const std::string& html, const std::string& public_url,
                           const std::string& secret) {
  std::string out = html;
  const std::string open = public_url + "/t/o/";
  for (size_t k = out.find(open); k != std::string::npos; k = out.find(open, k)) {
    auto tag = out.rfind("<img", k);
    auto end = out.find('>', k);
    if (tag == std::string::npos || end == std::string::npos) break;
    out.erase(tag, end + 1 - tag);
    k = tag;
  }
  const std::string click = public_url + "/t/c/";
  for (size_t k = out.find(click); k != std::string::npos; k = out.find(click, k)) {
    size_t end = k + click.size();
    while (end < out.size() && token_char(out[end])) ++end;
    auto payload =
        tracking::read_token(secret, out.substr(k + click.size(), end - k - click.size()));
    if (!payload) {
      k = end;
      continue;
    }
    const auto url = html_escape(payload->url);
    out.replace(k, end - k, url);
    k += url.size();
  }
  return out;
}

void resend_message(UiContext& ctx, const store::StoreRecord& store, const std::string& id,
                    ResendDone done) {
  auto& storage = ctx.storage;
  auto row = storage.get_message(store.id, id);
  if (!row) throw not_found("message '" + id + "'");
  auto content = storage.get_content(store.id, row->seq);
  if (content.expired)
    throw Error(ErrorCode::conflict, "the content of message '" + id +
                                         "' is no longer kept, so it cannot be sent again");
  nlohmann::json body = {{"type", row->type},       {"channel", domain::to_string(row->channel)},
                         {"to", row->to},           {"customer_id", row->customer_id},
                         {"cart_id", row->cart_id}, {"order_id", row->order_id}};
  if (row->channel == domain::Channel::sms) {
    body["sms"] = literal(content.sms);
  } else {
    body["cc"] = content.cc;
    if (!content.reply_to.empty()) body["reply_to"] = content.reply_to;
    body["subject"] = literal(row->subject);
    if (!content.html.empty())
      body["html"] = literal(
          strip_tracking(content.html, ctx.config.server.public_url, ctx.tracking_secret));
    if (!content.text.empty()) body["text"] = literal(content.text);
  }
  ctx.intake.accept_message(
      store, body.dump(),
      [done](std::exception_ptr error, store::EventAcceptance a) {
        if (error) return done(error, "");
        try {
          done(nullptr, a.messages.at(0).id);
        } catch (...) {
          done(std::current_exception(), "");
        }
      },
      id);
}

}  // namespace herald::ui
