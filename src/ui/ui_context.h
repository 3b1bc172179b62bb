#pragma once
// What the page handlers share. Owned by the serve command.
#include "api/api_context.h"
#include "store/ui_storage.h"

namespace herald::ui {

struct UiContext {
  api::ApiContext& api;
  store::UiStorage& ui;
  bool secure_cookies = false;  // public_url is https
};

}  // namespace herald::ui
