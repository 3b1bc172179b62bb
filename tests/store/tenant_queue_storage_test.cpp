// Conformance of the smaller storage roles on every backend: stores, templates, server
// settings, the queue's figures, retention's dry run, provider references, unmatched bounces,
// and the pages' users and sessions.
#include <gtest/gtest.h>

#include "common/error.h"
#include "store/open_storage.h"
#include "store/open_table_rows.h"
#include "store/storage.h"
#include "store/stores_on_backend.h"
#include "store/ui_storage.h"

namespace herald::store {
namespace {

using domain::Channel;
using domain::MessageStatus;

struct TenantQueueStorageTest : testing::StoresOnBackend {
  UiStorage& ui = opened.ui();
  int next_id = 0;

  // One message, stored at `now`; a suppressed one is never queued.
  std::string store_message(StoreId store, Channel ch, TimeMs now,
                            MessageStatus status = MessageStatus::queued) {
    NewMessage m;
    m.public_id = "M" + std::to_string(++next_id);
    m.channel = ch;
    m.type = "ORDER_PLACED";
    m.to = {ch == Channel::sms ? "+4790000000" : "x@y.no"};
    m.search_addresses = m.to;
    m.subject = "Hi";
    m.sms = ch == Channel::sms ? "hello" : "";
    m.html = "<p>body</p>";
    m.status = status;
    if (status == MessageStatus::suppressed)
      m.held.push_back({0, {now, "suppressed", MessageStatus::suppressed, 0, "", "userunknown"}});
    NewEvent e;
    e.store_id = store;
    e.type = "ORDER_PLACED";
    e.messages = {m};
    db->accept_events({e}, now);
    return m.public_id;
  }

  TemplateRecord tpl(const std::string& key, Channel ch, const std::string& locale,
                     const std::string& subject) {
    TemplateRecord t;
    t.key = key;
    t.channel = ch;
    t.locale = locale;
    t.subject = subject;
    t.sms = ch == Channel::sms ? subject : "";
    t.updated_at = 7;
    return t;
  }
};

TEST_P(TenantQueueStorageTest, StoresAreFoundByIdAndSlugAndListedInCreationOrder) {
  StoreSettings s;
  s.name = "Loja Sol";
  s.default_country = "PT";
  s.default_locale = "pt-PT";
  s.owner_email = "dono@loja.pt";
  s.logging = false;
  s.tracking = false;
  s.content_days = 30;
  s.metadata_days = 60;
  const auto c = db->create_store("loja-sol", "hash-c", "secret", s, 42);
  ASSERT_TRUE(db->find_store(c.id));
  const auto found = *db->find_store_by_slug("loja-sol");
  EXPECT_EQ(found.id, c.id);
  EXPECT_EQ(found.webhook_secret, "secret");
  EXPECT_EQ(found.created_at, 42);
  EXPECT_EQ(found.settings.name, "Loja Sol");
  EXPECT_EQ(found.settings.default_country, "PT");
  EXPECT_EQ(found.settings.default_locale, "pt-PT");
  EXPECT_EQ(found.settings.owner_email, "dono@loja.pt");
  EXPECT_FALSE(found.settings.logging);
  EXPECT_FALSE(found.settings.tracking);
  EXPECT_EQ(found.settings.content_days, 30);
  EXPECT_EQ(found.settings.metadata_days, 60);
  EXPECT_FALSE(db->find_store(c.id + 100));
  EXPECT_FALSE(db->find_store_by_slug("LOJA-SOL"));  // slugs are matched as written
  EXPECT_FALSE(db->find_store_by_slug("missing"));

  s.logging = true;
  s.content_days = 10;
  db->update_store_settings(c.id, s);
  EXPECT_TRUE(db->find_store(c.id)->settings.logging);
  EXPECT_EQ(db->find_store(c.id)->settings.content_days, 10);
  db->set_store_key_hash(c.id, "hash-new");
  EXPECT_FALSE(db->find_store_by_key_hash("hash-c"));
  EXPECT_EQ(db->find_store_by_key_hash("hash-new")->id, c.id);

  std::vector<std::string> slugs;
  for (const auto& st : db->list_stores()) slugs.push_back(st.slug);
  EXPECT_EQ(slugs, (std::vector<std::string>{"a", "b", "loja-sol"}));
  try {
    db->create_store("a", "hash-d", "", {}, 1);
    FAIL() << "a second store 'a' was created";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    EXPECT_EQ(e.field(), "slug");
  }
}

TEST_P(TenantQueueStorageTest, TemplatesAreReplacedPerChannelAndLocaleAndListedInByteOrder) {
  db->put_template(a.id, tpl("ORDER_PLACED", Channel::sms, "nb", "first"));
  db->put_template(a.id, tpl("ORDER_PLACED", Channel::sms, "nb", "second"));
  db->put_template(a.id, tpl("ORDER_PLACED", Channel::email, "pt-BR", "e-pt"));
  db->put_template(a.id, tpl("ORDER_PLACED", Channel::email, "Nb", "e-Nb"));
  db->put_template(a.id, tpl("ORDER_PLACED", Channel::email, "en", "e-en"));
  db->put_template(a.id, tpl("abandoned_cart", Channel::email, "en", "cart"));
  db->put_template(b.id, tpl("ORDER_PLACED", Channel::email, "en", "other store"));

  std::vector<std::string> listed;
  for (const auto& t : db->list_templates(a.id, "ORDER_PLACED"))
    listed.push_back(std::string(domain::to_string(t.channel)) + "/" + t.locale + "/" + t.subject);
  EXPECT_EQ(listed, (std::vector<std::string>{"email/Nb/e-Nb", "email/en/e-en", "email/pt-BR/e-pt",
                                              "sms/nb/second"}));
  EXPECT_TRUE(db->list_templates(a.id, "order_placed").empty());
  EXPECT_EQ(db->list_templates(a.id, "ORDER_PLACED").back().updated_at, 7);

  std::vector<std::string> all;
  for (const auto& t : ui.all_templates(a.id)) all.push_back(t.key + "/" + t.locale);
  EXPECT_EQ(all,
            (std::vector<std::string>{"ORDER_PLACED/Nb", "ORDER_PLACED/en", "ORDER_PLACED/pt-BR",
                                      "ORDER_PLACED/nb", "abandoned_cart/en"}));
}

TEST_P(TenantQueueStorageTest, AServerSettingIsWrittenOnceAndKept) {
  EXPECT_FALSE(db->get_setting("sms_report_secret"));
  EXPECT_EQ(db->put_setting_once("sms_report_secret", "one"), "one");
  EXPECT_EQ(db->put_setting_once("sms_report_secret", "two"), "one");
  EXPECT_EQ(db->get_setting("sms_report_secret"), "one");
  EXPECT_FALSE(db->get_setting("SMS_REPORT_SECRET"));
}

TEST_P(TenantQueueStorageTest, TheQueueSaysWhenEachChannelIsNextDueAndHowDeepItIs) {
  EXPECT_FALSE(db->next_due(Channel::email));
  EXPECT_EQ(db->queue_depth(), 0);
  store_message(a.id, Channel::email, 300);
  store_message(b.id, Channel::email, 200);
  store_message(a.id, Channel::sms, 250);
  store_message(a.id, Channel::email, 100, MessageStatus::suppressed);  // never queued
  EXPECT_EQ(db->next_due(Channel::email), 200);
  EXPECT_EQ(db->next_due(Channel::sms), 250);
  EXPECT_EQ(db->queue_depth(), 3);
  EXPECT_EQ(db->counts().queue_depth, 3);

  // A claimed message is due again when its lease ends, and still waiting.
  ASSERT_EQ(db->claim_due(Channel::sms, 260, 10, 5000).size(), 1u);
  EXPECT_EQ(db->next_due(Channel::sms), 5000);
  EXPECT_EQ(db->queue_depth(), 3);
}

TEST_P(TenantQueueStorageTest, APurgeDryRunCountsWhatThePurgeRemovesAndRemovesNothing) {
  const auto old1 = store_message(a.id, Channel::email, 100, MessageStatus::suppressed);
  store_message(a.id, Channel::sms, 100, MessageStatus::suppressed);
  store_message(a.id, Channel::email, 100);  // still queued: never touched
  const auto mid = store_message(a.id, Channel::email, 300, MessageStatus::suppressed);
  store_message(a.id, Channel::email, 1000, MessageStatus::suppressed);
  store_message(b.id, Channel::email, 100, MessageStatus::suppressed);  // another store

  const auto dry = db->purge(a.id, 500, 150, true);
  EXPECT_EQ(dry.messages_deleted, 2);
  EXPECT_EQ(dry.contents_expired, 1);
  ASSERT_TRUE(db->get_message(a.id, old1));
  const auto kept = *db->get_message(a.id, mid);
  EXPECT_FALSE(db->get_content(a.id, kept.seq).expired);
  EXPECT_EQ(db->find_messages(a.id, {}).size(), 5u);

  const auto done = db->purge(a.id, 500, 150, false);
  EXPECT_EQ(done.messages_deleted, dry.messages_deleted);
  EXPECT_EQ(done.contents_expired, dry.contents_expired);
  EXPECT_EQ(done.events_deleted, dry.events_deleted);
  EXPECT_EQ(done.orders_deleted, dry.orders_deleted);
  EXPECT_FALSE(db->get_message(a.id, old1));
  EXPECT_TRUE(db->get_content(a.id, kept.seq).expired);
  EXPECT_EQ(db->find_messages(a.id, {}).size(), 3u);
  EXPECT_EQ(db->find_messages(b.id, {}).size(), 1u);
  const auto again = db->purge(a.id, 500, 150, true);
  EXPECT_EQ(again.messages_deleted, 0);
  EXPECT_EQ(again.contents_expired, 0);
}

// What a purge leaves is whole: no content, timeline nor queue row of a deleted message stays
// behind, so that a copy to another backend (whose keys check every row) still goes through.
TEST_P(TenantQueueStorageTest, APurgedMessageLeavesNoRowsOfItsOwnBehind) {
  store_message(a.id, Channel::email, 100, MessageStatus::suppressed);
  store_message(a.id, Channel::email, 100);  // still queued: kept
  store_message(a.id, Channel::email, 1000, MessageStatus::suppressed);
  EXPECT_EQ(db->purge(a.id, 500, 500, false).messages_deleted, 1);
  auto rows = open_table_rows(database.url(), TableRowsRole::source);
  EXPECT_EQ(rows->count("messages"), 2);
  EXPECT_EQ(rows->count("message_content"), 2);
  EXPECT_EQ(rows->count("message_events"), 1);  // the kept suppressed message's
  EXPECT_EQ(rows->count("queue"), 1);
}

TEST_P(TenantQueueStorageTest, AProviderReferenceLocatesItsMessage) {
  const auto id = store_message(a.id, Channel::sms, 100);
  const auto seq = db->locate_message(id)->seq;
  EXPECT_FALSE(db->locate_by_provider_ref("twilio", "SM1"));
  db->add_provider_ref(seq, "twilio", "SM1");
  const auto found = db->locate_by_provider_ref("twilio", "SM1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->seq, seq);
  EXPECT_EQ(found->store_id, a.id);
  EXPECT_EQ(found->channel, Channel::sms);
  EXPECT_EQ(found->recipients, (std::vector<std::string>{"+4790000000"}));
  EXPECT_FALSE(db->locate_by_provider_ref("kannel", "SM1"));
  EXPECT_FALSE(db->locate_by_provider_ref("twilio", "sm1"));

  // The same reference given again names the latest message.
  const auto other = store_message(a.id, Channel::sms, 200);
  db->add_provider_ref(db->locate_message(other)->seq, "twilio", "SM1");
  EXPECT_EQ(db->locate_by_provider_ref("twilio", "SM1")->id, other);
}

TEST_P(TenantQueueStorageTest, UnmatchedBouncesArePagedNewestFirstPerStore) {
  for (int i = 0; i < 5; ++i)
    db->add_unmatched_bounce({0, a.id, 100 + i, "http", "{\"n\":" + std::to_string(i) + "}",
                              "raw " + std::to_string(i)});
  db->add_unmatched_bounce({0, 0, 200, "pipe", "{}", "from the MTA"});
  const auto page1 = db->list_unmatched_bounces(a.id, 3, std::nullopt);
  ASSERT_EQ(page1.size(), 3u);
  EXPECT_EQ(page1[0].raw, "raw 4");
  EXPECT_EQ(page1[0].received_at, 104);
  EXPECT_EQ(page1[0].source, "http");
  EXPECT_EQ(page1[0].summary, "{\"n\":4}");
  EXPECT_EQ(page1[0].store_id, a.id);
  const auto page2 = db->list_unmatched_bounces(a.id, 3, page1.back().id);
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_EQ(page2[0].raw, "raw 1");
  EXPECT_EQ(page2[1].raw, "raw 0");
  EXPECT_TRUE(db->list_unmatched_bounces(b.id, 10, std::nullopt).empty());
  ASSERT_EQ(db->list_unmatched_bounces(0, 10, std::nullopt).size(), 1u);
}

TEST_P(TenantQueueStorageTest, AnUnmatchedBounceKeepsItsRawBytesWhateverTheirCharset) {
  // 8-bit Latin-1, a byte that starts no UTF-8 sequence, a NUL, and UTF-8 beside them.
  const std::string raw = std::string("Subject: Unzustellbar\r\n\r\nEmpf\xe4nger unbekannt \xff") +
                          std::string(1, '\0') + " \xc3\xa6 end";
  db->add_unmatched_bounce({0, a.id, 100, "pipe", "{}", raw});
  const auto kept = db->list_unmatched_bounces(a.id, 1, std::nullopt);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].raw, raw);
}

TEST_P(TenantQueueStorageTest, UsersAndTheirSessions) {
  const auto sara = ui.create_user("sara@shop.test", "hash-1", 5);
  try {
    ui.create_user("sara@shop.test", "hash-2", 6);
    FAIL() << "a second user with the same email";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    EXPECT_EQ(e.field(), "email");
  }
  const auto found = ui.find_user("sara@shop.test");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, sara.id);
  EXPECT_EQ(found->password_hash, "hash-1");
  EXPECT_EQ(found->created_at, 5);
  EXPECT_FALSE(ui.find_user("ola@shop.test"));

  ui.create_session({"t1", sara.id, "", "csrf-1", 0, 10, 100});
  auto s = ui.find_session("t1", 50);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user_id, sara.id);
  EXPECT_EQ(s->user_email, "sara@shop.test");
  EXPECT_EQ(s->csrf_token, "csrf-1");
  EXPECT_EQ(s->store_id, 0);
  EXPECT_EQ(s->created_at, 10);
  EXPECT_EQ(s->expires_at, 100);
  EXPECT_FALSE(ui.find_session("t1", 100));  // expired at its expiry
  ui.set_session_store("t1", a.id);
  EXPECT_EQ(ui.find_session("t1", 50)->store_id, a.id);

  // A new login clears the expired sessions.
  ui.create_session({"t2", sara.id, "", "csrf-2", b.id, 200, 300});
  EXPECT_FALSE(ui.find_session("t1", 50));
  EXPECT_EQ(ui.find_session("t2", 250)->store_id, b.id);
  ui.delete_session("t2");
  EXPECT_FALSE(ui.find_session("t2", 250));
}

}  // namespace

HERALD_ON_EVERY_BACKEND(TenantQueueStorageTest);

}  // namespace herald::store
