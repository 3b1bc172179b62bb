#include "render/template_cache.h"

#include <gtest/gtest.h>

#include "render/renderer.h"

namespace herald::render {
namespace {

using Cache = TemplateCache<int>;

int* put(Cache& cache, const std::string& key, int value, std::size_t weight) {
  auto parsed = std::make_unique<int>(value);
  return cache.put(key, parsed, weight);
}

TEST(TemplateCache, StaysWithinItsBytesDroppingTheLeastRecentlyUsed) {
  Cache cache(1000, 100);
  for (int i = 0; i < 8; ++i) put(cache, "k" + std::to_string(i), i, 198);  // 200 with the key
  EXPECT_LE(cache.bytes(), 1000u);
  EXPECT_EQ(cache.size(), 5u);
  EXPECT_EQ(cache.find("k2"), nullptr);
  ASSERT_NE(cache.find("k3"), nullptr);  // now the most recently used
  put(cache, "k8", 8, 198);
  EXPECT_NE(cache.find("k3"), nullptr);
  EXPECT_EQ(cache.find("k4"), nullptr);
  EXPECT_EQ(*cache.find("k8"), 8);
}

TEST(TemplateCache, StaysWithinItsNumberOfEntries) {
  Cache cache(1 << 20, 3);
  for (int i = 0; i < 10; ++i) put(cache, "k" + std::to_string(i), i, 1);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_NE(cache.find("k9"), nullptr);
  EXPECT_EQ(cache.find("k6"), nullptr);
}

TEST(TemplateCache, DoesNotKeepWhatWouldPushOutEverythingElse) {
  Cache cache(1000, 100);
  put(cache, "small", 1, 10);
  auto heavy = std::make_unique<int>(2);
  int* raw = cache.put("heavy", heavy, 400);
  ASSERT_NE(heavy, nullptr) << "the caller keeps what was not cached";
  EXPECT_EQ(raw, heavy.get());
  EXPECT_EQ(cache.find("heavy"), nullptr);
  EXPECT_NE(cache.find("small"), nullptr);
}

TEST(TemplateCache, ErasingGivesItsBytesBack) {
  Cache cache(1000, 100);
  put(cache, "a", 1, 99);
  put(cache, "b", 2, 99);
  cache.erase("a");
  EXPECT_EQ(cache.bytes(), 100u);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(RendererCache, ManyDistinctTemplatesStayWithinTheThreadsBound) {
  const std::string body(100000, 'x');  // bound by bytes before the number of entries
  for (int i = 0; i < 600; ++i)
    render("{{#a}}" + std::to_string(i) + body + "{{/a}}", {{"a", true}}, Escape::none);
  EXPECT_LE(cached_template_bytes(), kTemplateCacheBytes);
  EXPECT_GT(cached_template_bytes(), 0u);
}

TEST(RendererCache, ContentForOneRequestIsNotKept) {
  const std::size_t before = cached_template_bytes();
  domain::TemplateRecord t{"K", domain::Channel::sms, "en", "", "", "", "once {{a}} only", 0};
  EXPECT_EQ(render_template(t, {{"a", 1}}, Reuse::once).sms, "once 1 only");
  EXPECT_EQ(cached_template_bytes(), before);
  render_template(t, {{"a", 1}}, Reuse::keep);
  EXPECT_GT(cached_template_bytes(), before);
}

}  // namespace
}  // namespace herald::render
