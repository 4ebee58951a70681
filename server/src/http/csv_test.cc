#include "http/csv.h"

#include <gtest/gtest.h>

namespace clientele::http::csv {
namespace {

TEST(CsvTest, QuotesOnlyWhatNeedsIt) {
  struct Case {
    const char* value;
    const char* written;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {" padded ", "\" padded \""},
      {"Ünïcödé", "Ünïcödé"},
      // A spreadsheet would run these as formulas.
      {"=SUM(A1:A2)", "\"'=SUM(A1:A2)\""},
      {"@cmd", "\"'@cmd\""},
      {"+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""},
      {"-2+3", "\"'-2+3\""},
      // Numbers are data: a phone, a negative number.
      {"+49 30 1234567", "+49 30 1234567"},
      {"-5", "-5"},
      {"+1 (555) 010-0199", "+1 (555) 010-0199"},
  };
  for (const auto& c : cases) {
    std::string out;
    AppendField(out, c.value);
    EXPECT_EQ(out, c.written) << c.value;
  }
}

TEST(CsvTest, RowsEndWithCrLf) {
  std::string out;
  AppendRow(out, {"id", "email", "name"});
  AppendRow(out, {"1", "a@example.com", "Ann, Berg"});
  EXPECT_EQ(out, "id,email,name\r\n1,a@example.com,\"Ann, Berg\"\r\n");
}

TEST(CsvTest, FormatIsCsvJsonOrAFieldError) {
  Request r;
  EXPECT_EQ(*Wanted(r), false);
  r.query_params = {{"format", "json"}};
  EXPECT_EQ(*Wanted(r), false);
  r.query_params = {{"format", "csv"}};
  EXPECT_EQ(*Wanted(r), true);
  r.query_params = {{"format", "xlsx"}};
  auto bad = Wanted(r);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().fields.contains("format"));
}

}  // namespace
}  // namespace clientele::http::csv
