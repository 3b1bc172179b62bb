// Template data is converted recursively; JSON stored by an older version may be nested deeper
// than read_json now lets in, so rendering refuses it instead of overflowing the stack.
#include <gtest/gtest.h>

#include "common/error.h"
#include "common/json_read.h"
#include "render/renderer.h"

namespace herald::render {
namespace {

using nlohmann::json;

// {"data":[[…]]} with `levels` levels in all, built by the (iterative) parser.
json vars_nested(int levels) {
  return json::parse("{\"data\":" + std::string(levels - 1, '[') + std::string(levels - 1, ']') +
                     "}");
}

domain::TemplateRecord sms_template() {
  return {"K", domain::Channel::sms, "en", "", "", "", "Hi {{#data}}x{{/data}}", 0};
}

TEST(RenderDataDepth, DataAtTheLimitRenders) {
  EXPECT_EQ(render_template(sms_template(), vars_nested(kMaxJsonDepth)).sms, "Hi x");
}

TEST(RenderDataDepth, DeeperDataIsATypedError) {
  for (int levels : {kMaxJsonDepth + 1, 400'000}) {
    try {
      render_template(sms_template(), vars_nested(levels));
      ADD_FAILURE() << levels << " levels rendered";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request);
      EXPECT_EQ(e.field(), "data");
    }
    EXPECT_THROW(render("{{data}}", vars_nested(levels), Escape::none), Error);
  }
}

}  // namespace
}  // namespace herald::render
