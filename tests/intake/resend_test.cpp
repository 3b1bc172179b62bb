#include <gtest/gtest.h>

#include <future>

#include "common/error.h"
#include "delivery/outcome_recorder.h"
#include "intake/intake_service.h"
#include "store/open_storage.h"
#include "support/temp_dir.h"
#include "tracking/tracking_token.h"

namespace herald::intake {
namespace {

using domain::Channel;
using nlohmann::json;

struct ResendTest : ::testing::Test {
  testing::TempDir dir;
  ManualClock clock{1'800'000'000'000};
  store::Storages opened = store::open_storage("sqlite://" + dir.file("h.db"));
  store::Storage* db = &opened.storage();
  store::StoreRecord shop = db->create_store("shop", "hash", "", {}, 1);
  IntakeService intake{{*db, *db, *db, *db, opened.orders()}, clock, "shop@example.com", nullptr};

  std::string accept(const json& body) {
    std::promise<std::string> id;
    intake.accept_message(shop, body.dump(), [&](std::exception_ptr e, store::EventAcceptance a) {
      if (e) return id.set_exception(e);
      id.set_value(a.messages.at(0).id);
    });
    return id.get_future().get();
  }

  std::string resend(const std::string& id) {
    std::promise<std::string> new_id;
    intake.resend(shop, id, [&](std::exception_ptr e, std::string created) {
      if (e) return new_id.set_exception(e);
      new_id.set_value(created);
    });
    return new_id.get_future().get();
  }

  // Sent with tracking: the log then holds the tracked copy, as the dispatcher leaves it.
  void send_tracked(const std::string& id) {
    auto claimed = db->claim_due(Channel::email, clock.now_ms(), 10, clock.now_ms() + 1000);
    ASSERT_EQ(claimed.size(), 1u);
    delivery::AttemptRecord rec;
    rec.seq = claimed[0].seq;
    rec.fence = claimed[0].fence;
    rec.at = clock.now_ms();
    for (const auto& to : claimed[0].pending)
      rec.results.push_back({to, domain::Outcome::sent, 250, "", "", ""});
    if (!claimed[0].html.empty())
      rec.html =
          tracking::rewrite_links(claimed[0].html, "http://h.example", "s3cret", id, true, true);
    delivery::record_attempts(*db, {rec}, 3);
  }

  store::MessageContent content(const std::string& id) {
    return db->get_content(shop.id, db->get_message(shop.id, id)->seq);
  }
};

TEST_F(ResendTest, SendsTheContentAsRenderedToTheSameRecipients) {
  const auto first = accept({{"type", "newsletter"},
                             {"to", {"a@test.no"}},
                             {"cc", {"b@test.no"}},
                             {"reply_to", "r@test.no"},
                             {"order_id", "O-1"},
                             {"subject", "News {{data.tag}}"},
                             {"html", "<p><a href=\"https://shop.example/x\">{{data.tag}}</a></p>"},
                             {"text", "{{data.tag}}"},
                             {"data", {{"tag", "{{customer.name}}"}}}});
  send_tracked(first);
  ASSERT_NE(content(first).html.find("/t/c/"), std::string::npos);

  const auto again = resend(first);
  ASSERT_NE(again, first);
  auto row = *db->get_message(shop.id, again);
  EXPECT_EQ(row.resent_from, first);
  EXPECT_EQ(row.to, std::vector<std::string>{"a@test.no"});
  EXPECT_EQ(row.order_id, "O-1");
  EXPECT_EQ(row.subject, "News {{customer.name}}");  // braces stay as they were rendered
  const auto c = content(again);
  EXPECT_EQ(c.html, "<p><a href=\"https://shop.example/x\">{{customer.name}}</a></p>");
  EXPECT_EQ(c.text, "{{customer.name}}");
  EXPECT_EQ(c.cc, std::vector<std::string>{"b@test.no"});
  EXPECT_EQ(c.reply_to, "r@test.no");
  EXPECT_EQ(db->find_messages(shop.id, {}).size(), 2u);
}

TEST_F(ResendTest, AnSmsIsSentAgainAsItWas) {
  const auto first = accept({{"type", "notice"},
                             {"channel", "sms"},
                             {"to", {"900 00 000"}},
                             {"sms", "Hei {{data.x}}"},
                             {"data", {{"x", "{{y}}"}}}});
  const auto again = resend(first);
  EXPECT_EQ(db->get_message(shop.id, again)->to, std::vector<std::string>{"+4790000000"});
  EXPECT_EQ(content(again).sms, "Hei {{y}}");
}

TEST_F(ResendTest, RefusesWhatCannotBeSentAgain) {
  try {
    resend("NOPE");
    FAIL() << "unknown message resent";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::not_found);
  }
  auto settings = shop.settings;
  settings.logging = false;
  db->update_store_settings(shop.id, settings);
  shop.settings = settings;
  const auto first = accept({{"type", "newsletter"}, {"to", {"a@test.no"}}, {"text", "x"}});
  send_tracked(first);
  try {
    resend(first);
    FAIL() << "resent without content";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
  }
}

}  // namespace
}  // namespace herald::intake
