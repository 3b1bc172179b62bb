#pragma once
// What the dispatcher tests share: transports that record what they were given and answer from
// a script, and a fresh store to queue messages in.
#include <gtest/gtest.h>

#include <map>

#include "delivery/dispatcher.h"
#include "store/open_storage.h"
#include "support/temp_dir.h"

namespace herald::delivery::testing_support {

// Answers per recipient from a script: each address gets its queue of outcomes, then 250.
class ScriptedEmail : public EmailTransport {
 public:
  std::map<std::string, std::vector<domain::Outcome>> script;
  std::vector<OutgoingEmail> sent;

  EmailSendResult send(const OutgoingEmail& email) override {
    using domain::Outcome;
    sent.push_back(email);
    EmailSendResult out;
    out.headers = "Message-ID: <" + email.message_id + ">\r\n";
    auto rcpts = email.envelope;
    if (rcpts.empty()) {
      rcpts = email.to;
      rcpts.insert(rcpts.end(), email.cc.begin(), email.cc.end());
    }
    for (const auto& r : rcpts) {
      auto& queue = script[r];
      Outcome o = queue.empty() ? Outcome::sent : queue.front();
      if (!queue.empty()) queue.erase(queue.begin());
      if (o == Outcome::deferred)
        out.recipients.push_back({r, o, 452, "4.2.2", "mailboxfull", "452 4.2.2 Mailbox full"});
      else if (o == Outcome::bounced)
        out.recipients.push_back({r, o, 550, "5.1.1", "userunknown", "550 5.1.1 User unknown"});
      else
        out.recipients.push_back({r, o, 250, "2.0.0", "", "250 2.0.0 Ok"});
    }
    return out;
  }
};

class RecordingSms : public SmsTransport {
 public:
  std::vector<OutgoingSms> sent;
  domain::RecipientResult send(const OutgoingSms& sms) override {
    sent.push_back(sms);
    return {sms.to, domain::Outcome::sent, 202, "", "", "0: Accepted for delivery"};
  }
};

struct DispatcherFixture : ::testing::Test {
  testing::TempDir dir;
  store::Storages opened = store::open_storage("sqlite://" + dir.file("h.db"));
  store::Storage* db = &opened.storage();
  store::StoreRecord shop = db->create_store("s", "h", "", {}, 0);
  ManualClock clock{1'000'000};
  Metrics metrics;
  ScriptedEmail email;
  RecordingSms sms;
  int n = 0;

  // Queues `m` under a new id (with an order event when `event_type` is not empty); returns
  // the id.
  std::string queue_message(store::NewMessage m, const std::string& event_type = {}) {
    store::NewEvent e;
    e.store_id = shop.id;
    m.public_id = "M" + std::to_string(++n);
    if (!event_type.empty()) {
      e.event_id = "e" + std::to_string(n);
      e.type = event_type;
      e.order_id = "O";
    }
    e.messages.push_back(m);
    db->accept_events({e}, clock.now_ms());
    return m.public_id;
  }
  store::MessageRow row(const std::string& id) { return *db->get_message(shop.id, id); }
};

}  // namespace herald::delivery::testing_support
