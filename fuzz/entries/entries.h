#pragma once
// The entry points of the fuzz harnesses (fuzz/README.md). Each feeds one input to the code that
// reads what a client, a provider or a mail server sends, the way the server does, and returns
// 0. A herald::Error is the typed refusal and an expected answer; any other exception, a crash
// or a sanitizer report is a finding. The unit tests replay every seed and kept reproducer
// through the same functions (tests/fuzz/fuzz_inputs_test.cpp).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace herald::fuzz {

using Entry = int (*)(const uint8_t* data, size_t size);

int bounce(const uint8_t* data, size_t size);    // a mail: parse_bounce, its JSON line
int event(const uint8_t* data, size_t size);     // POST /v1/events body
int message(const uint8_t* data, size_t size);   // POST /v1/messages body, then planned
int filter(const uint8_t* data, size_t size);    // campaign filter NUL order context
int render(const uint8_t* data, size_t size);    // template NUL JSON data
int ses(const uint8_t* data, size_t size);       // SNS envelope / SES event body
int sendgrid(const uint8_t* data, size_t size);  // event webhook body
int mailgun(const uint8_t* data, size_t size);   // webhook body
int postmark(const uint8_t* data, size_t size);  // webhook body
int twilio(const uint8_t* data, size_t size);    // StatusCallback query LF form body
int kannel(const uint8_t* data, size_t size);    // dlr-url query string

struct Harness {
  std::string_view name;  // also the folder of its seeds: fuzz/corpus/<name>/
  Entry run;
};
const std::vector<Harness>& harnesses();

// The input up to the first `separator`, and what follows it (empty when there is none).
struct Split {
  std::string_view head, tail;
  bool separated = false;
};
Split split(const uint8_t* data, size_t size, char separator);

}  // namespace herald::fuzz
