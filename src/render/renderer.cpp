#include "render/renderer.h"

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <memory>

#include "common/ascii.h"
#include "common/error.h"
#include "common/json_read.h"
#include "render/parsed_template.h"
#include "render/template_cache.h"
#include "render/template_limits.h"

namespace herald::render {

namespace {
namespace mustache = kainjow::mustache;

// Recursive, like mustache::data itself, so bounded: JSON stored by an older version may be
// deeper than what read_json now lets in.
mustache::data to_data(const nlohmann::json& j, int depth = 1) {
  if (j.is_structured() && depth > kMaxJsonDepth)
    throw bad_request(
        "the template data is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
        "data");
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data d{mustache::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it)
        d.set(it.key(), to_data(it.value(), depth + 1));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : j) list.push_back(to_data(item, depth + 1));
      return list;
    }
    case nlohmann::json::value_t::string:
      return mustache::data{j.get<std::string>()};
    case nlohmann::json::value_t::boolean:
      return mustache::data{j.get<bool>()};
    case nlohmann::json::value_t::null:
      return mustache::data{false};
    default:
      return mustache::data{j.dump()};  // numbers print as written
  }
}

std::string language_of(const std::string& locale) {
  auto dash = locale.find_first_of("-_");
  return ascii_lower(dash == std::string::npos ? locale : locale.substr(0, dash));
}
}  // namespace

namespace {
// Per thread, so that a render needs no lock (kainjow keeps a render's error in the object);
// one for each kind of escaping, half of the bound each.
constexpr std::size_t kCacheEntries = 512;

using Cache = TemplateCache<ParsedTemplate>;

Cache& cache(Escape escape) {
  thread_local Cache html(kTemplateCacheBytes / 2, kCacheEntries / 2);
  thread_local Cache none(kTemplateCacheBytes / 2, kCacheEntries / 2);
  return escape == Escape::html ? html : none;
}

// The parsed template; `owned` holds it when the cache does not.
struct Compiled {
  ParsedTemplate* parsed = nullptr;
  std::unique_ptr<ParsedTemplate> owned;
};

Compiled compile(const std::string& tmpl, Escape escape, const std::string& field, Reuse reuse) {
  Compiled c;
  if (reuse == Reuse::keep && (c.parsed = cache(escape).find(tmpl))) return c;
  c.owned = std::make_unique<ParsedTemplate>(tmpl, check_template_limits(tmpl, field),
                                             escape == Escape::html);
  if (!c.owned->error().empty())
    throw bad_request(field + ": the template does not parse: " + c.owned->error(), field);
  c.parsed = c.owned.get();
  if (reuse == Reuse::keep) cache(escape).put(tmpl, c.owned, c.parsed->bytes());
  return c;
}

std::string render_data(const std::string& tmpl, const mustache::data& data, Escape escape,
                        const std::string& field, Reuse reuse) {
  if (tmpl.empty()) return {};
  auto c = compile(tmpl, escape, field, reuse);
  try {
    return c.parsed->render(data, field);
  } catch (const Error&) {
    // a render that fails in kainjow leaves the object in error
    if (!c.owned && !c.parsed->error().empty()) cache(escape).erase(tmpl);
    throw;
  }
}
}  // namespace

std::string render(const std::string& tmpl, const nlohmann::json& vars, Escape escape) {
  return render_data(tmpl, to_data(vars), escape, "template", Reuse::keep);
}

std::size_t cached_template_bytes() {
  return cache(Escape::html).bytes() + cache(Escape::none).bytes();
}

void check_template(const std::string& tmpl, const std::string& field) {
  if (!tmpl.empty()) compile(tmpl, Escape::none, field, Reuse::once);
}

Rendered render_template(const domain::TemplateRecord& t, const nlohmann::json& vars, Reuse reuse) {
  const auto data = to_data(vars);  // converted once for every part
  Rendered r;
  r.locale = t.locale;
  r.subject = render_data(t.subject, data, Escape::none, "subject", reuse);
  r.html = render_data(t.html, data, Escape::html, "html", reuse);
  r.text = render_data(t.text, data, Escape::none, "text", reuse);
  r.sms = render_data(t.sms, data, Escape::none, "sms", reuse);
  return r;
}

std::optional<domain::TemplateRecord> pick_template(const std::vector<domain::TemplateRecord>& all,
                                                    domain::Channel channel,
                                                    const std::string& locale,
                                                    const std::string& default_locale) {
  auto find = [&](const std::string& wanted) -> const domain::TemplateRecord* {
    if (wanted.empty()) return nullptr;
    const domain::TemplateRecord* same_language = nullptr;
    const bool wants_language_only = wanted.find_first_of("-_") == std::string::npos;
    for (const auto& t : all) {
      if (t.channel != channel) continue;
      if (ascii_lower(t.locale) == ascii_lower(wanted)) return &t;
      if (language_of(t.locale) == language_of(wanted) && !same_language) same_language = &t;
    }
    // nb-NO falls back to the language "nb" before any other nb-* variant.
    for (const auto& t : all)
      if (t.channel == channel && ascii_lower(t.locale) == language_of(wanted)) return &t;
    return wants_language_only || same_language ? same_language : nullptr;
  };
  for (const auto& wanted : {locale, default_locale})
    if (const auto* t = find(wanted)) return *t;
  return std::nullopt;
}

}  // namespace herald::render
