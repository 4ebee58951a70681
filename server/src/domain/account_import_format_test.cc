#include "domain/account_import_format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clientele {
namespace {

const std::vector<std::string> kProducts = {"CDN", "STORAGE", "DNS"};

// The one record a single JSON line gives.
Result<ImportRecord> Json(std::string_view line) {
  ImportParser parser(ImportFormat::kJsonLines, kProducts);
  auto r = parser.Add(line);
  EXPECT_TRUE(r.has_value()) << line;
  return r ? std::move(*r) : Result<ImportRecord>(Internal("no record"));
}

// Every record (or error) of a CSV text, with the line it began on.
struct Read {
  int64_t line;
  Result<ImportRecord> record;
};
std::vector<Read> Csv(const std::string& text, bool* refused = nullptr) {
  ImportParser parser(ImportFormat::kCsv, kProducts);
  std::vector<Read> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (start == text.size()) break;  // after the last line break
    if (auto r = parser.Add(std::string_view(text).substr(start, end - start)))
      out.push_back({parser.record_line(), std::move(*r)});
    start = end + 1;
  }
  if (auto r = parser.Finish()) out.push_back({parser.record_line(), std::move(*r)});
  if (refused) *refused = parser.header_refused();
  return out;
}

std::vector<std::string> Fields(const ImportRecord& r) {
  std::vector<std::string> out;
  for (const auto& [field, messages] : r.account.type_errors.ToError().fields) out.push_back(field);
  return out;
}

TEST(ImportJsonTest, ReadsEveryField) {
  auto r = Json(
      R"({"email":"It@Acme.example","name":"Anna Berg","company":"Acme","custom_id":"C-1",)"
      R"("lang":"de","phone":"+49 30 1","is_test":true,"deleted":true,"seller":"s@r.example",)"
      R"("created_at":"2024-05-01T12:00:00Z","services":{"CDN":{"enabled":true,"status":"trial"},)"
      R"("DNS":{"enabled":false,"status":"paused"}}})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->account.type_errors.empty());
  EXPECT_EQ(r->account.email, "It@Acme.example");
  EXPECT_EQ(r->account.name, "Anna Berg");
  EXPECT_EQ(r->account.company, "Acme");
  EXPECT_EQ(r->account.custom_id, "C-1");
  EXPECT_EQ(r->account.lang, "de");
  EXPECT_EQ(r->account.phone, "+49 30 1");
  EXPECT_TRUE(r->account.is_test);
  EXPECT_TRUE(r->deleted);
  EXPECT_EQ(r->seller_email, "s@r.example");
  EXPECT_EQ(r->created_at, ParseRfc3339("2024-05-01T12:00:00Z"));
  ASSERT_EQ(r->services.size(), 2u);
  EXPECT_EQ(r->services[0].product, "CDN");
  EXPECT_TRUE(r->services[0].enabled);
  EXPECT_EQ(r->services[0].status, ProductStatus::kTrial);
  EXPECT_EQ(r->services[1].product, "DNS");
  EXPECT_FALSE(r->services[1].enabled);
  EXPECT_EQ(r->services[1].status, ProductStatus::kPaused);
}

TEST(ImportJsonTest, NullsAndMissingFieldsAreMissing) {
  auto r = Json(R"({"email":"a@b.example","company":"B","name":null,"lang":null,)"
                R"("seller":null,"created_at":null,"is_test":null,"services":null})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->account.type_errors.empty());
  EXPECT_FALSE(r->account.name);
  EXPECT_FALSE(r->account.lang);
  EXPECT_FALSE(r->account.custom_id);
  EXPECT_FALSE(r->account.phone);
  EXPECT_FALSE(r->seller_email);
  EXPECT_FALSE(r->created_at);
  EXPECT_FALSE(r->account.is_test);
  EXPECT_FALSE(r->deleted);
  EXPECT_TRUE(r->services.empty());
  // A product without enabled or status is listed, new and not activated.
  auto p = Json(R"({"email":"a@b.example","company":"B","services":{"STORAGE":{}}})");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->services.size(), 1u);
  EXPECT_EQ(p->services[0].status, ProductStatus::kNew);
  EXPECT_FALSE(p->services[0].enabled);
}

TEST(ImportJsonTest, ALineThatIsNotAJsonObjectIsAnErrorOfTheLine) {
  for (const char* line : {R"({"email":"a@b.example",)", "not json", R"({"email":"a" "b"})",
                           R"(["a@b.example","B"])", "42", R"("text")"}) {
    SCOPED_TRACE(line);
    auto r = Json(line);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(r.error().fields.empty());
    EXPECT_FALSE(r.error().message.empty());
  }
  EXPECT_NE(Json("{oops}").error().message.find("Not valid JSON"), std::string::npos);
}

// Each line has one problem: the field it is reported under.
struct FieldCase {
  const char* line;
  const char* field;
};

TEST(ImportJsonTest, ValuesThatCantBeReadAreFieldErrors) {
  const FieldCase cases[] = {
      {R"({"email":5,"company":"B"})", "email"},
      {R"({"email":"a@b.example","company":["B"]})", "company"},
      {R"({"email":"a@b.example","company":"B","name":7})", "name"},
      {R"({"email":"a@b.example","company":"B","custom_id":1})", "custom_id"},
      {R"({"email":"a@b.example","company":"B","lang":true})", "lang"},
      {R"({"email":"a@b.example","company":"B","phone":{}})", "phone"},
      {R"({"email":"a@b.example","company":"B","is_test":"yes"})", "is_test"},
      {R"({"email":"a@b.example","company":"B","deleted":1})", "deleted"},
      {R"({"email":"a@b.example","company":"B","seller":false})", "seller"},
      {R"({"email":"a@b.example","company":"B","created_at":"yesterday"})", "created_at"},
      {R"({"email":"a@b.example","company":"B","created_at":"2024-13-01T00:00:00Z"})",
       "created_at"},
      {R"({"email":"a@b.example","company":"B","created_at":1714564800})", "created_at"},
      {R"({"email":"a@b.example","company":"B","services":["CDN"]})", "services"},
      {R"({"email":"a@b.example","company":"B","services":{"VPN":{"enabled":true}}})",
       "services.VPN"},
      {R"({"email":"a@b.example","company":"B","services":{"cdn":{"enabled":true}}})",
       "services.cdn"},
      {R"({"email":"a@b.example","company":"B","services":{"CDN":true}})", "services.CDN"},
      {R"({"email":"a@b.example","company":"B","services":{"CDN":{"enabled":"yes"}}})",
       "services.CDN.enabled"},
      {R"({"email":"a@b.example","company":"B","services":{"CDN":{"status":"running"}}})",
       "services.CDN.status"},
      {R"({"email":"a@b.example","company":"B","services":{"CDN":{"status":2}}})",
       "services.CDN.status"},
      {R"({"email":"a@b.example","company":"B","services":{"CDN":{"visible":true}}})",
       "services.CDN.visible"},
      {R"({"email":"a@b.example","company":"B","compnay":"C"})", "compnay"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.line);
    auto r = Json(c.line);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(Fields(*r), std::vector<std::string>{c.field});
  }
}

TEST(ImportJsonTest, SeveralProblemsOfALineAreAllReported) {
  auto r = Json(R"({"email":1,"company":"B","is_test":"no","services":{"CDN":{"status":"x"}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Fields(*r), (std::vector<std::string>{"email", "is_test", "services.CDN.status"}));
}

TEST(ImportJsonTest, BlankLinesAreSkippedAndLinesAreNumbered) {
  ImportParser parser(ImportFormat::kJsonLines, kProducts);
  EXPECT_FALSE(parser.Add(""));
  EXPECT_FALSE(parser.Add("  \r"));
  auto r = parser.Add(R"({"email":"a@b.example","company":"B"})"
                      "\r");
  ASSERT_TRUE(r && r->ok());
  EXPECT_EQ(parser.record_line(), 3);
  EXPECT_TRUE((*r)->account.type_errors.empty());
  EXPECT_FALSE(parser.Finish());
}

const std::string kHeader =
    "email,name,company,custom_id,lang,phone,is_test,deleted,seller,created_at,cdn_enabled,"
    "cdn_status,storage_enabled,storage_status,dns_enabled,dns_status\n";

TEST(ImportCsvTest, ReadsEveryColumn) {
  auto rows = Csv(kHeader +
                  "It@Acme.example,Anna Berg,Acme,C-1,de,+49 30 1,true,0,s@r.example,"
                  "2024-05-01T12:00:00Z,true,trial,,,0,paused\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].line, 2);
  ASSERT_TRUE(rows[0].record.ok()) << rows[0].record.error().message;
  const ImportRecord& r = *rows[0].record;
  EXPECT_TRUE(r.account.type_errors.empty());
  EXPECT_EQ(r.account.email, "It@Acme.example");
  EXPECT_EQ(r.account.name, "Anna Berg");
  EXPECT_EQ(r.account.company, "Acme");
  EXPECT_EQ(r.account.custom_id, "C-1");
  EXPECT_EQ(r.account.lang, "de");
  EXPECT_EQ(r.account.phone, "+49 30 1");
  EXPECT_TRUE(r.account.is_test);
  EXPECT_FALSE(r.deleted);
  EXPECT_EQ(r.seller_email, "s@r.example");
  EXPECT_EQ(r.created_at, ParseRfc3339("2024-05-01T12:00:00Z"));
  // STORAGE's cells are empty: not listed.
  ASSERT_EQ(r.services.size(), 2u);
  EXPECT_EQ(r.services[0].product, "CDN");
  EXPECT_TRUE(r.services[0].enabled);
  EXPECT_EQ(r.services[0].status, ProductStatus::kTrial);
  EXPECT_EQ(r.services[1].product, "DNS");
  EXPECT_FALSE(r.services[1].enabled);
  EXPECT_EQ(r.services[1].status, ProductStatus::kPaused);
}

TEST(ImportCsvTest, ColumnsInAnyOrderAndCaseEmptyCellsAreMissing) {
  auto rows = Csv("Company, EMAIL ,CDN_Status\r\nAcme,a@b.example,\r\nBeta,c@d.example,ACTIVE\n");
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_TRUE(rows[0].record.ok());
  EXPECT_EQ(rows[0].record->account.company, "Acme");
  EXPECT_EQ(rows[0].record->account.email, "a@b.example");
  EXPECT_FALSE(rows[0].record->account.name);
  EXPECT_TRUE(rows[0].record->services.empty());
  // Statuses are lower case, as on the wire.
  ASSERT_TRUE(rows[1].record.ok());
  EXPECT_EQ(Fields(*rows[1].record), std::vector<std::string>{"cdn_status"});
}

TEST(ImportCsvTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto rows = Csv(kHeader +
                  "a@b.example,\"Berg, Anna\",\"The \"\"Best\"\" Co\",,,,,,,,,,,,,\n"
                  "c@d.example,\"two\nlines\",\"C\",,,,,,,,,,,,,\n"
                  "e@f.example,,E,,,,,,,,,,,,,\n");
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_TRUE(rows[0].record.ok()) << rows[0].record.error().message;
  EXPECT_EQ(rows[0].record->account.name, "Berg, Anna");
  EXPECT_EQ(rows[0].record->account.company, "The \"Best\" Co");
  ASSERT_TRUE(rows[1].record.ok()) << rows[1].record.error().message;
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].record->account.name, "two\nlines");
  EXPECT_EQ(rows[2].line, 5);  // the row after the one of two lines
  ASSERT_TRUE(rows[2].record.ok());
  EXPECT_EQ(rows[2].record->account.email, "e@f.example");
}

TEST(ImportCsvTest, BadQuotingAndColumnCountsAreErrorsOfTheRow) {
  const char* rows[] = {
      "a@b.example,Ann\"a,B,,,,,,,,,,,,,",      // a quote in a field without quotes
      "a@b.example,\"Anna\"x,B,,,,,,,,,,,,,",   // text after the closing quote
      "a@b.example,Anna,B",                     // too few fields
      "a@b.example,Anna,B,,,,,,,,,,,,,,extra",  // too many
  };
  for (const char* row : rows) {
    SCOPED_TRACE(row);
    auto read = Csv(kHeader + row + "\nc@d.example,,C,,,,,,,,,,,,,\n");
    ASSERT_EQ(read.size(), 2u);
    EXPECT_EQ(read[0].line, 2);
    ASSERT_FALSE(read[0].record.ok());
    EXPECT_TRUE(read[0].record.error().fields.empty());
    EXPECT_FALSE(read[0].record.error().message.empty());
    EXPECT_TRUE(read[1].record.ok()) << "the next row is read as usual";
  }
  // A quote that never closes: the file ends inside the field.
  auto open = Csv(kHeader + "a@b.example,\"Anna,B,,,,,,,,,,,,,\nc@d.example,,C,,,,,,,,,,,,,\n");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].line, 2);
  ASSERT_FALSE(open[0].record.ok());
  EXPECT_NE(open[0].record.error().message.find("never closed"), std::string::npos);
}

TEST(ImportCsvTest, CellsThatCantBeReadAreFieldErrorsNamedByColumn) {
  auto rows = Csv(kHeader + "a@b.example,,B,,,,maybe,2,,last week,yes,running,,,,\n");
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(rows[0].record.ok());
  EXPECT_EQ(
      Fields(*rows[0].record),
      (std::vector<std::string>{"cdn_enabled", "cdn_status", "created_at", "deleted", "is_test"}));
  auto flags = Csv("email,company,is_test,deleted\na@b.example,B,TRUE,1\nc@d.example,C,False,0\n");
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_TRUE(flags[0].record->account.is_test);
  EXPECT_TRUE(flags[0].record->deleted);
  EXPECT_FALSE(flags[1].record->account.is_test);
  EXPECT_FALSE(flags[1].record->deleted);
}

TEST(ImportCsvTest, AHeaderThatCantBeUsedStopsTheFile) {
  const char* headers[] = {
      "email,company,vpn_status",  // not a product
      "email,company,colour",      // not a field
      "email,company,email",       // twice
      "email,name",                // company missing
      "mail,company",              // email missing
  };
  for (const char* header : headers) {
    SCOPED_TRACE(header);
    bool refused = false;
    auto rows = Csv(std::string(header) + "\na@b.example,B,x\n", &refused);
    EXPECT_TRUE(refused);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].line, 1);
    ASSERT_FALSE(rows[0].record.ok());
    EXPECT_NE(rows[0].record.error().message.find("header"), std::string::npos);
  }
}

}  // namespace
}  // namespace clientele
