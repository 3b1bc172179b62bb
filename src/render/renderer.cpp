#include "render/renderer.h"

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <memory>
#include <unordered_map>

#include "common/ascii.h"
#include "common/error.h"

namespace herald::render {

namespace {
namespace mustache = kainjow::mustache;

mustache::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data d{mustache::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const auto& item : j) list.push_back(to_data(item));
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
// Parsed templates, per thread: a store's few templates are rendered over and over, and
// parsing costs more than rendering. Bounded so that many stores cannot grow it forever.
using TemplateCache = std::unordered_map<std::string, std::unique_ptr<mustache::mustache>>;

TemplateCache& cache_for(Escape escape) {
  thread_local TemplateCache cache[2];
  return cache[escape == Escape::html ? 0 : 1];
}

mustache::mustache& compiled(const std::string& tmpl, Escape escape) {
  auto& map = cache_for(escape);
  auto it = map.find(tmpl);
  if (it != map.end()) return *it->second;
  if (map.size() >= 512) map.clear();
  auto m = std::make_unique<mustache::mustache>(tmpl);
  if (!m->is_valid())
    throw bad_request("template does not parse: " + m->error_message(), "template");
  if (escape == Escape::none) m->set_custom_escape([](const std::string& s) { return s; });
  return *map.emplace(tmpl, std::move(m)).first->second;
}

std::string render_data(const std::string& tmpl, const mustache::data& data, Escape escape) {
  if (tmpl.empty()) return {};
  auto& m = compiled(tmpl, escape);
  std::string out = m.render(data);
  if (!m.is_valid()) {
    std::string error = m.error_message();
    cache_for(escape).erase(tmpl);  // a failed render leaves the object in error
    throw bad_request("template does not render: " + error, "template");
  }
  return out;
}
}  // namespace

std::string render(const std::string& tmpl, const nlohmann::json& vars, Escape escape) {
  return render_data(tmpl, to_data(vars), escape);
}

Rendered render_template(const domain::TemplateRecord& t, const nlohmann::json& vars) {
  const auto data = to_data(vars);  // converted once for every part
  Rendered r;
  r.locale = t.locale;
  r.subject = render_data(t.subject, data, Escape::none);
  r.html = render_data(t.html, data, Escape::html);
  r.text = render_data(t.text, data, Escape::none);
  r.sms = render_data(t.sms, data, Escape::none);
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
