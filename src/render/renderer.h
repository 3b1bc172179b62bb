#pragma once
// Mustache rendering of a store's templates (kainjow-mustache). Variables come from a JSON
// object; HTML parts escape them, text/subject/SMS parts do not.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/template.h"

namespace herald::render {

enum class Escape { html, none };

// Throws herald::Error(bad_request, field "template") when the template does not parse.
std::string render(const std::string& tmpl, const nlohmann::json& vars, Escape escape);

struct Rendered {
  std::string subject, html, text, sms;
  std::string locale;  // the template's locale actually used
};
Rendered render_template(const domain::TemplateRecord& t, const nlohmann::json& vars);

// Locale fallback: exact locale (nb-NO), then its language (nb), then the store's default
// locale and its language. Case-insensitive. nullopt when nothing fits.
std::optional<domain::TemplateRecord> pick_template(const std::vector<domain::TemplateRecord>& all,
                                                    domain::Channel channel,
                                                    const std::string& locale,
                                                    const std::string& default_locale);

}  // namespace herald::render
