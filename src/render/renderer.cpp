#include "render/renderer.h"

#include <algorithm>
#include <kainjow/mustache.hpp>

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
    case nlohmann::json::value_t::string: return mustache::data{j.get<std::string>()};
    case nlohmann::json::value_t::boolean: return mustache::data{j.get<bool>()};
    case nlohmann::json::value_t::null: return mustache::data{false};
    default: return mustache::data{j.dump()};  // numbers print as written
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string language_of(const std::string& locale) {
  auto dash = locale.find_first_of("-_");
  return lower(dash == std::string::npos ? locale : locale.substr(0, dash));
}
}  // namespace

std::string render(const std::string& tmpl, const nlohmann::json& vars, Escape escape) {
  if (tmpl.empty()) return {};
  mustache::mustache m{tmpl};
  if (!m.is_valid()) throw bad_request("template does not parse: " + m.error_message(), "template");
  if (escape == Escape::none) m.set_custom_escape([](const std::string& s) { return s; });
  std::string out = m.render(to_data(vars));
  if (!m.is_valid()) throw bad_request("template does not render: " + m.error_message(), "template");
  return out;
}

Rendered render_template(const store::TemplateRecord& t, const nlohmann::json& vars) {
  Rendered r;
  r.locale = t.locale;
  r.subject = render(t.subject, vars, Escape::none);
  r.html = render(t.html, vars, Escape::html);
  r.text = render(t.text, vars, Escape::none);
  r.sms = render(t.sms, vars, Escape::none);
  return r;
}

std::optional<store::TemplateRecord> pick_template(const std::vector<store::TemplateRecord>& all,
                                                   domain::Channel channel,
                                                   const std::string& locale,
                                                   const std::string& default_locale) {
  auto find = [&](const std::string& wanted) -> const store::TemplateRecord* {
    if (wanted.empty()) return nullptr;
    const store::TemplateRecord* same_language = nullptr;
    const bool wants_language_only = wanted.find_first_of("-_") == std::string::npos;
    for (const auto& t : all) {
      if (t.channel != channel) continue;
      if (lower(t.locale) == lower(wanted)) return &t;
      if (language_of(t.locale) == language_of(wanted) && !same_language) same_language = &t;
    }
    // nb-NO falls back to the language "nb" before any other nb-* variant.
    for (const auto& t : all)
      if (t.channel == channel && lower(t.locale) == language_of(wanted)) return &t;
    return wants_language_only || same_language ? same_language : nullptr;
  };
  for (const auto& wanted : {locale, default_locale})
    if (const auto* t = find(wanted)) return *t;
  return std::nullopt;
}

}  // namespace herald::render
