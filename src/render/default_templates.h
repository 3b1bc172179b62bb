#pragma once
// Templates Herald ships for the standard message types, in English (en) and Norwegian (nb).
// A store's own template of the same key and channel replaces them.
#include <string>
#include <vector>

#include "domain/template.h"

namespace herald::render {

std::vector<domain::TemplateRecord> default_templates(const std::string& key);

// The store's templates for `key`, plus the defaults for each channel the store has none for.
std::vector<domain::TemplateRecord> with_defaults(std::vector<domain::TemplateRecord> own,
                                                  const std::string& key);

}  // namespace herald::render
