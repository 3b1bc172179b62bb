#pragma once
// A MIME entity taken apart into its leaf parts without building an object per part and header:
// a report is read once, front to back, and only each leaf's type, charset, transfer encoding
// and raw content are kept. Boundaries are found as RFC 2046 writes them ("--b" lines, "--b--"
// closing; a line of any enclosing multipart's boundary also ends an inner part), and the line
// break before a boundary line belongs to the boundary.
#include <functional>
#include <string>
#include <string_view>

namespace herald::bounce {

struct MimeLeaf {
  std::string type;          // lower case, "text/plain" when the part has no Content-Type
  std::string charset;       // the charset parameter, lower case; may be empty
  std::string encoding;      // Content-Transfer-Encoding, lower case; may be empty
  std::string_view content;  // as written, still transfer-encoded; points into the input
};

struct MimeVisitor {
  std::function<void(const MimeLeaf&)> leaf;
  // A multipart in which no part was found (no boundary, or one its lines never use): the text
  // before where a first boundary would stand, i.e. the whole body when none does.
  std::function<void(std::string_view prologue, int depth)> empty_multipart;
};

// Visits the leaves of `entity` (a header, a blank line, a body) in document order. `depth` is
// that of `entity`; parts nested deeper than 8 levels are not visited.
void visit_mime(std::string_view entity, const MimeVisitor& visitor, int depth = 0);

}  // namespace herald::bounce
