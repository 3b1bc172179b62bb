#pragma once
// Owning pointers for GLib/GObject values (GMime is built on them).
#include <glib-object.h>

#include <memory>

namespace herald {

struct GObjectUnref {
  void operator()(gpointer p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(char* p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

}  // namespace herald
