#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "mail/smtp/smtp_mailer.h"
#include "mail/smtp/smtp_test_support.h"

namespace clientele::mail {
namespace {

// ---------------------------------------------------------------------------------------------
// ComposeMessage on its own.

TEST(SmtpComposeTest, QuotedPrintableEscapesAndWrapsAt76) {
  Message m = Simple();
  m.text_body = "a=b tab\tend \n" + std::string(100, 'y') + "\n";
  auto raw = ComposeMessage(Settings(25), m, kNow);
  ASSERT_TRUE(raw.ok());
  Part part = ParsePart(*raw);
  EXPECT_NE(part.body.find("a=3Db tab\tend=20\r\n"), std::string::npos) << part.body;
  for (size_t pos = 0; pos < part.body.size();) {
    size_t eol = part.body.find("\r\n", pos);
    EXPECT_LE(eol - pos, 76u);
    pos = eol + 2;
  }
  EXPECT_EQ(part.Decoded(), "a=b tab\tend \r\n" + std::string(100, 'y') + "\r\n\r\n");
}

TEST(SmtpComposeTest, LongNonAsciiSubjectIsSplitIntoShortEncodedWords) {
  Message m = Simple();
  for (int i = 0; i < 20; ++i) m.subject += "Пробный период 試用 ";
  auto raw = ComposeMessage(Settings(25), m, kNow);
  ASSERT_TRUE(raw.ok());
  static const std::regex kWord(R"(=\?UTF-8\?B\?[A-Za-z0-9+/=]*\?=)");
  for (auto it = std::sregex_iterator(raw->begin(), raw->end(), kWord);
       it != std::sregex_iterator(); ++it) {
    EXPECT_LE(it->length(), 75);
  }
  Part part = ParsePart(*raw);
  EXPECT_EQ(DecodeHeader(part.headers["subject"]), m.subject);
}

TEST(SmtpComposeTest, AsciiSubjectLooksLikeEncodedWordIsEncoded) {
  Message m = Simple("Literal =?UTF-8?B?SGk=?= text");
  auto raw = ComposeMessage(Settings(25), m, kNow);
  ASSERT_TRUE(raw.ok());
  Part part = ParsePart(*raw);
  EXPECT_EQ(part.headers["subject"].rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(DecodeHeader(part.headers["subject"]), m.subject);
}

TEST(SmtpComposeTest, LongAsciiSubjectIsFolded) {
  std::string subject;
  for (int i = 0; i < 30; ++i) subject += "word" + std::to_string(i) + " ";
  subject.pop_back();
  auto raw = ComposeMessage(Settings(25), Simple(subject), kNow);
  ASSERT_TRUE(raw.ok());
  Part part = ParsePart(*raw);
  EXPECT_EQ(part.headers["subject"], subject);
  EXPECT_EQ(raw->find(subject), std::string::npos);  // folded, so not on one line
}

TEST(SmtpComposeTest, QuotesAsciiDisplayNames) {
  SmtpSettings s = Settings(25);
  s.from_name = "Brand, Inc.";
  auto raw = ComposeMessage(s, Simple(), kNow);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(ParsePart(*raw).headers["from"], "\"Brand, Inc.\" <noreply@brand.example>");
}

TEST(SmtpComposeTest, LongNonAsciiDisplayNamesAreFolded) {
  SmtpSettings s = Settings(25);
  s.from_name = "Общество с ограниченной ответственностью «Очень длинное название»";
  Message m = Simple();
  m.to_name = "Анна-Мария Александровна Константинопольская-Верхнеднепровская";
  auto raw = ComposeMessage(s, m, kNow);
  ASSERT_TRUE(raw.ok());
  for (size_t pos = 0; pos < raw->size();) {
    size_t eol = raw->find("\r\n", pos);
    EXPECT_LE(eol - pos, 78u) << raw->substr(pos, eol - pos);
    pos = eol + 2;
  }
  Part part = ParsePart(*raw);
  EXPECT_EQ(DecodeHeader(part.headers["from"]), s.from_name + " <noreply@brand.example>");
  EXPECT_EQ(DecodeHeader(part.headers["to"]), m.to_name + " <anna@example.com>");
}

TEST(MailAddressTest, Plausibility) {
  EXPECT_TRUE(IsPlausibleAddress("a@b.c"));
  EXPECT_TRUE(IsPlausibleAddress("first.last+tag@sub.example.com"));
  EXPECT_FALSE(IsPlausibleAddress(""));
  EXPECT_FALSE(IsPlausibleAddress("no-at.example.com"));
  EXPECT_FALSE(IsPlausibleAddress("@example.com"));
  EXPECT_FALSE(IsPlausibleAddress("a@"));
  EXPECT_FALSE(IsPlausibleAddress("a b@example.com"));
  EXPECT_FALSE(IsPlausibleAddress("a@exa mple.com"));
  EXPECT_FALSE(IsPlausibleAddress("a@example..com"));
  EXPECT_FALSE(IsPlausibleAddress("<a@example.com>"));
  EXPECT_FALSE(IsPlausibleAddress("a@example.com,b@example.com"));
  EXPECT_FALSE(IsPlausibleAddress("a@example.com\r\n"));
  EXPECT_FALSE(IsPlausibleAddress("ünï@example.com"));
}

}  // namespace
}  // namespace clientele::mail
