#pragma once
// Mustache rendering of a store's templates (kainjow-mustache). Variables come from a JSON
// object; HTML parts escape them, text/subject/SMS parts do not.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/template.h"

namespace herald::render {

enum class Escape { html, none };

// Throws herald::Error(bad_request, field "template") when the template is over a limit of
// render/template_limits.h or does not parse.
std::string render(const std::string& tmpl, const nlohmann::json& vars, Escape escape);

// Refuses (bad_request naming `field`) a template over a limit or that does not parse,
// without keeping it: for a template being stored.
void check_template(const std::string& tmpl, const std::string& field);

// Whether the parsed parts are kept for the next render: yes for a store's templates, no for
// content that comes with one request.
enum class Reuse { keep, once };

struct Rendered {
  std::string subject, html, text, sms;
  std::string locale;  // the template's locale actually used
};
// Each thread that renders keeps parsed templates up to about this many bytes (estimated).
inline constexpr std::size_t kTemplateCacheBytes = 32 * 1024 * 1024;
std::size_t cached_template_bytes();  // the calling thread's

// Errors name the part at fault: "subject", "html", "text" or "sms".
Rendered render_template(const domain::TemplateRecord& t, const nlohmann::json& vars,
                         Reuse reuse = Reuse::keep);

// Locale fallback: exact locale (nb-NO), then its language (nb), then the store's default
// locale and its language. Case-insensitive. nullopt when nothing fits.
std::optional<domain::TemplateRecord> pick_template(const std::vector<domain::TemplateRecord>& all,
                                                    domain::Channel channel,
                                                    const std::string& locale,
                                                    const std::string& default_locale);

}  // namespace herald::render
