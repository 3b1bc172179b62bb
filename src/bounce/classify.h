#pragma once
#include <string_view>

#include "bounce/bounce.h"
#include "bounce/found.h"
#include "domain/phrase_index.h"

namespace herald::bounce {

// `context` is the whole human-readable report: used when nothing was said about the
// recipient in particular.
// What the whole report says, read once and only when a recipient needs it.
class ReportContext {
 public:
  explicit ReportContext(std::string text) : text_(std::move(text)) {}
  const std::string& lower_text() const;
  const domain::ReasonSet& reasons() const;

 private:
  std::string text_;
  mutable std::string lower_;
  mutable domain::ReasonSet reasons_;
  mutable bool lowered_ = false, read_ = false;
};

BounceRecipient classify(const Found& found, const ReportContext& context);

}  // namespace herald::bounce
