// The order's page shows what its OMS reported (contract §12.3): every status in the order it
// happened, the event it became with the messages that event sent, or that it was only recorded.
#include "store/open_oms_storage.h"
#include "ui/pages_fixture.h"

namespace herald::ui {
namespace {

struct OrderOmsHistoryPageTest : PagesTest {
  std::unique_ptr<store::OmsStorage> oms = store::open_oms_storage(url);

  void SetUp() override {
    ctx.oms = oms.get();
    PagesTest::SetUp();
  }
  // An order event stored with one email message, as intake stores a mapped webhook status.
  void store_event(const std::string& event_id, const std::string& type,
                   const std::string& message_id) {
    store::NewMessage m;
    m.public_id = message_id;
    m.type = type;
    m.event_id = event_id;
    m.order_id = "FY-1";
    m.to = {"sara@test.no"};
    m.subject = type;
    m.search_addresses = {"sara@test.no"};
    store::NewEvent e;
    e.store_id = shop.id;
    e.event_id = event_id;
    e.type = type;
    e.order_id = "FY-1";
    e.messages = {m};
    storage->accept_events({e}, 10);
  }
  static std::size_t at(const std::string& body, const std::string& text) {
    const auto i = body.find(text);
    EXPECT_NE(i, std::string::npos) << "missing: " << text;
    return i;
  }
};

TEST_F(OrderOmsHistoryPageTest, TheOrderPageShowsEveryReportedStatusAsItHappened) {
  store_event("ev-placed", "ORDER_PLACED", "msg-placed-1");
  oms->add_oms_status(shop.id, {"ev-packed", "FY-1", "SH-1", "bag_packed", 2'000'000, 30});
  oms->add_oms_status(shop.id, {"ev-placed", "FY-1", "SH-1", "placed", 1'000'000, 20});
  oms->add_oms_status(shop.id, {"ev-odd", "FY-1", "SH-1", "<b>odd</b>", 3'000'000, 40});
  const auto r = get("/ui/orders/FY-1");
  ASSERT_EQ(r.result_int(), 200);
  const auto& body = r.body();
  const auto section = at(body, "id=\"oms-history\"");
  const auto placed = at(body, "<code>placed</code>");
  const auto packed = at(body, "<code>bag_packed</code>");
  const auto odd = at(body, "&lt;b&gt;odd&lt;/b&gt;");
  EXPECT_LT(section, placed);
  EXPECT_LT(placed, packed) << "in the order the statuses happened";
  EXPECT_LT(packed, odd);
  EXPECT_EQ(body.find("<b>odd</b>"), std::string::npos) << "the OMS's text is escaped";
  const auto row_end = body.find("</tr>", placed);
  const std::string placed_row = body.substr(placed, row_end - placed);
  EXPECT_NE(placed_row.find("<code>ORDER_PLACED</code>"), std::string::npos) << placed_row;
  EXPECT_NE(placed_row.find("href=\"/ui/messages/msg-placed-1\""), std::string::npos) << placed_row;
  const std::string packed_row = body.substr(packed, body.find("</tr>", packed) - packed);
  EXPECT_NE(packed_row.find("recorded only"), std::string::npos) << packed_row;
  EXPECT_EQ(packed_row.find("/ui/messages/"), std::string::npos) << packed_row;
}

TEST_F(OrderOmsHistoryPageTest, AnOrderWithoutReportedStatusesHasNoOmsSection) {
  store_event("ev-placed", "ORDER_PLACED", "msg-placed-1");
  const auto r = get("/ui/orders/FY-1");
  ASSERT_EQ(r.result_int(), 200);
  EXPECT_EQ(r.body().find("oms-history"), std::string::npos);
}

}  // namespace
}  // namespace herald::ui
