// How a log search's text is read, the same on every backend: the words of a subject search
// and whether a sender filter is a whole address.
#pragma once
#include <string>
#include <vector>

namespace herald::store {

// Runs of ASCII letters and digits and of non-ASCII characters, each cut to its first 6
// characters: every backend matches each word as a prefix of a subject word, and 6 is the
// longest prefix the indexes keep, so a longer word would only be read more slowly.
std::vector<std::string> subject_search_words(const std::string& text);

// A whole address ("a@b.c", nothing a pattern could mean) is matched exactly, through an index;
// any other sender text is a substring of the sender.
bool is_whole_address(const std::string& from);

}  // namespace herald::store
