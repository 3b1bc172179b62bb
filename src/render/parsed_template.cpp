#include "render/parsed_template.h"

#include <sstream>

#include "common/error.h"

namespace herald::render {

namespace {
namespace mustache = kainjow::mustache;

constexpr std::size_t kLookupCost = 16;  // so that lookups of nothing still count

// kainjow's context with a meter on every lookup: a section's name resolving to a list of n
// items makes it run n times, so it may write n x its inner text; a variable writes its value.
class MeteredContext : public mustache::context<std::string> {
 public:
  MeteredContext(const mustache::data* data, const SectionTexts& section_text_by_name,
                 const std::string& field)
      : mustache::context<std::string>(data),
        section_text_by_name_(section_text_by_name),
        field_(field) {}

  const mustache::data* get(const std::string& name) const override {
    const mustache::data* var = mustache::context<std::string>::get(name);
    std::size_t cost = kLookupCost;
    if (var && var->is_string()) cost += var->string_value().size();
    if (auto it = section_text_by_name_.find(name);
        it != section_text_by_name_.end() && pushed_ < it->second.size())
      cost +=
          it->second[pushed_] * (var && var->is_non_empty_list() ? var->list_value().size() : 1);
    spent_ += cost;
    if (spent_ > kMaxRenderBytes)
      throw bad_request(field_ + ": with this data the template would write more than " +
                            std::to_string(kMaxRenderBytes / (1024 * 1024)) +
                            " MB (sections repeated for each item of nested lists)",
                        field_);
    return var;
  }

  void push(const mustache::data* data) override {
    mustache::context<std::string>::push(data);
    ++pushed_;
  }
  void pop() override {
    mustache::context<std::string>::pop();
    --pushed_;
  }

  // Herald has no partials: kainjow would otherwise parse a string of the data named by
  // {{>name}} as a template, past every limit.
  const mustache::data* get_partial(const std::string&) const override { return nullptr; }

 private:
  const SectionTexts& section_text_by_name_;
  const std::string& field_;
  std::size_t pushed_ = 0;  // items pushed on the data given: the {{#…}} sections around
  mutable std::size_t spent_ = 0;
};
}  // namespace

ParsedTemplate::ParsedTemplate(const std::string& tmpl, TemplateShape shape, bool escape_html)
    : mustache_(tmpl),
      section_text_by_name_(std::move(shape.section_text_by_name)),
      // roughly: one component per piece, the copies of section texts, the names
      bytes_(tmpl.size() + shape.section_text_bytes +
             shape.pieces * sizeof(mustache::component<std::string>) +
             section_text_by_name_.size() * 64) {
  if (!escape_html) mustache_.set_custom_escape([](const std::string& s) { return s; });
}

std::string ParsedTemplate::render(const mustache::data& data, const std::string& field) {
  MeteredContext ctx(&data, section_text_by_name_, field);
  std::ostringstream out;
  mustache_.render(ctx, out);
  if (!mustache_.is_valid())
    throw bad_request(field + ": the template does not render: " + mustache_.error_message(),
                      field);
  return std::move(out).str();
}

}  // namespace herald::render
