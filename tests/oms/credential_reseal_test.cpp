// Every store's OMS credentials re-sealed under a new key (herald secrets rotate), on real
// storage of both backends: they open with the new key only, a second run changes nothing, and a
// value sealed under neither key stops the whole rotation.
#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/error.h"
#include "oms/oms_settings.h"
#include "store/open_oms_storage.h"
#include "store/stores_on_backend.h"

namespace herald::oms {
namespace {

struct CredentialResealTest : testing::StoresOnBackend {
  std::unique_ptr<store::OmsStorage> oms_storage = store::open_oms_storage(database.url());
  ManualClock clock{1'800'000'000'000};
  SecretSealer old_key{std::string(32, 'o')}, new_key{std::string(32, 'n')},
      other_key{std::string(32, 'x')};

  void connect(const SecretSealer& key, store::StoreId store, const std::string& token) {
    SettingsService(*oms_storage, key, clock)
        .put(store, {{"api_url", "http://oms.invalid"},
                     {"affiliate_id", "AFF-1"},
                     {"affiliate_token", token},
                     {"secret", "sec-" + token}});
  }
  std::optional<Settings> read(const SecretSealer& key, store::StoreId store) {
    return SettingsService(*oms_storage, key, clock).get(store);
  }
};

TEST_P(CredentialResealTest, EveryStoresCredentialsOpenWithTheNewKeyOnly) {
  connect(old_key, a.id, "tok-aaaa1111");
  connect(old_key, b.id, "tok-bbbb2222");
  EXPECT_EQ(reseal_every_store(*oms_storage, old_key, new_key), 2u);
  EXPECT_EQ(read(new_key, a.id)->affiliate_token, "tok-aaaa1111");
  EXPECT_EQ(read(new_key, a.id)->secret, "sec-tok-aaaa1111");
  EXPECT_EQ(read(new_key, b.id)->affiliate_token, "tok-bbbb2222");
  EXPECT_EQ(read(new_key, b.id)->api_url, "http://oms.invalid");
  EXPECT_THROW(read(old_key, a.id), Error);
  // Run again (or after a node still on the old key saved a store): what is new stays.
  const auto before = oms_storage->sealed_oms_credentials();
  auto saved_by_an_old_node = *oms_storage->get_oms_settings(b.id);
  saved_by_an_old_node.sealed_token =
      old_key.seal("tok-bbbb3333", "oms:" + std::to_string(b.id) + ":affiliate_token");
  oms_storage->put_oms_settings(b.id, saved_by_an_old_node);
  EXPECT_EQ(reseal_every_store(*oms_storage, old_key, new_key), 2u);
  EXPECT_EQ(oms_storage->sealed_oms_credentials()[0].sealed_token, before[0].sealed_token);
  EXPECT_EQ(read(new_key, b.id)->affiliate_token, "tok-bbbb3333");
}

TEST_P(CredentialResealTest, AValueSealedUnderNeitherKeyStopsTheWholeRotation) {
  connect(old_key, a.id, "tok-aaaa1111");
  connect(other_key, b.id, "tok-bbbb2222");
  try {
    reseal_every_store(*oms_storage, old_key, new_key);
    ADD_FAILURE() << "a value under another key was re-sealed";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::bad_request);
    EXPECT_EQ(e.field(), "secrets.key_file");
    EXPECT_NE(std::string(e.what()).find(other_key.key_id()), std::string::npos) << e.what();
  }
  EXPECT_EQ(read(old_key, a.id)->affiliate_token, "tok-aaaa1111");  // nothing written
}

HERALD_ON_EVERY_BACKEND(CredentialResealTest);

}  // namespace
}  // namespace herald::oms
