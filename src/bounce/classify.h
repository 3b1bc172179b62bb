#pragma once
#include <string_view>

#include "bounce/bounce.h"
#include "bounce/found.h"
#include "domain/phrase_index.h"
#include "domain/reply_reading.h"

namespace herald::bounce {

// What the whole report says, read once and only when a recipient needs it: used when nothing
// was said about the recipient in particular.
class ReportContext : public domain::ReportSurroundings {
 public:
  explicit ReportContext(std::string text) : text_(std::move(text)) {}
  const std::string& lower_text() const;
  const domain::ReasonSet& reasons() const override;

 private:
  std::string text_;
  mutable std::string lower_;
  mutable domain::ReasonSet reasons_;
  mutable bool lowered_ = false, read_ = false;
};

BounceRecipient classify(const Found& found, const ReportContext& context);

}  // namespace herald::bounce
