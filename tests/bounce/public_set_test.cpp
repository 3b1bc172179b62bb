// The public bounce set (tests/bounce/public/): server replies quoted from issue trackers,
// providers' published reply lists and RFC 3464, in their MTA's bounce layout, labelled by hand
// from what the words mean; manifest.tsv names each one's source. None of them is in the
// development corpus, so the figure printed here is one more view of how the rules hold on mail
// they were not written from.
#include <gtest/gtest.h>

#include "bounce/bounce_scoring.h"
#include "support/test_paths.h"

namespace herald::bounce {
namespace {

using namespace scoring;

const fs::path kPublic = herald::testing::test_data_dir().parent_path() / "bounce" / "public";

TEST(BouncePublicSet, ScoresHandLabelledPublicBounces) {
  const Labels labels = read_labels(kPublic / "manifest.tsv");
  ASSERT_GE(labels.size(), 40u) << "manifest missing or short: " << kPublic;
  Score total;
  for (const auto& [file, expected] : labels) {
    const fs::path path = kPublic / file;
    ASSERT_TRUE(fs::exists(path)) << "listed file missing: " << path;
    const BounceReport report = parse_bounce(slurp(path));
    EXPECT_TRUE(report.is_bounce) << file;
    total.add(score_file(file, expected, report));
  }
  print_score("bounce public set", total, true);
  EXPECT_EQ(total.found, total.rows) << "a recipient of the public set was not found";
}

}  // namespace
}  // namespace herald::bounce
