#include "domain/validation.h"

#include <gtest/gtest.h>

namespace clientele::validation {
namespace {

struct Case {
  const char* value;
  bool ok;
};

class EmailTest : public testing::TestWithParam<Case> {};
TEST_P(EmailTest, Checks) {
  EXPECT_EQ(!CheckEmail(GetParam().value).has_value(), GetParam().ok) << GetParam().value;
}
INSTANTIATE_TEST_SUITE_P(
    Table, EmailTest,
    testing::Values(Case{"a@b.example", true}, Case{"first.last+tag@sub.example.co", true},
                    Case{"ÿser@bücher.example", true}, Case{"", false}, Case{"plain", false},
                    Case{"@b.example", false}, Case{"a@", false}, Case{"a@b", false},
                    Case{"a b@c.example", false}, Case{"a@b..example", false},
                    Case{".a@b.example", false}, Case{"a..b@c.example", false},
                    Case{"a@-b.example", false}, Case{"a@b.example\n", false},
                    Case{"a@@b.example", false}));

class PasswordTest : public testing::TestWithParam<Case> {};
TEST_P(PasswordTest, Checks) {
  EXPECT_EQ(!CheckPassword(GetParam().value, "jane.doe@acme.example").has_value(), GetParam().ok)
      << GetParam().value;
}
INSTANTIATE_TEST_SUITE_P(Table, PasswordTest,
                         testing::Values(Case{"Sturdy-Password-42", true}, Case{"short", false},
                                         Case{"password123", false}, Case{"PassWord123", false},
                                         Case{"12345678", false},
                                         Case{"jane.doe@acme.example", false},
                                         Case{"jane.doe", false}, Case{"ñandú-ñandú", true}));

TEST(ValidationTest, PasswordLengthLimits) {
  EXPECT_TRUE(CheckPassword(std::string(129, 'x') + "y", ""));
  EXPECT_FALSE(CheckPassword(std::string(120, 'x') + "yz", ""));
}

TEST(ValidationTest, LanguageCountryPhone) {
  for (const char* l : {"en", "de", "ru", "zh", "az"}) EXPECT_FALSE(CheckLanguage(l));
  EXPECT_TRUE(CheckLanguage("fr"));
  EXPECT_TRUE(CheckLanguage("EN"));
  EXPECT_FALSE(CheckCountryCode("DE"));
  EXPECT_FALSE(CheckCountryCode("de"));
  EXPECT_TRUE(CheckCountryCode("DEU"));
  EXPECT_TRUE(CheckCountryCode("1A"));
  EXPECT_FALSE(CheckPhone("+49 (30) 1234-567"));
  EXPECT_TRUE(CheckPhone("call me <maybe>"));
  EXPECT_TRUE(CheckPhone(std::string(31, '1')));
}

TEST(ValidationTest, Text) {
  EXPECT_FALSE(CheckText("Acme GmbH", 1, 255));
  EXPECT_TRUE(CheckText("   ", 1, 255));
  EXPECT_TRUE(CheckText("tab\there", 0, 255));
  EXPECT_TRUE(CheckText("\xff\xfe", 0, 255));
  EXPECT_FALSE(CheckText("Ünïcödé ✓", 1, 9));
  EXPECT_TRUE(CheckText("0123456789", 1, 9));
}

TEST(ValidationTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("日本語 ✓ 😀"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xe2\x28\xa1"));  // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xf8\x88\x80\x80\x80"));
}

TEST(ValidationTest, EmailKeyIgnoresCaseAndSpace) {
  EXPECT_EQ(EmailKey("  Jane.Doe@ACME.example "), "jane.doe@acme.example");
}

}  // namespace
}  // namespace clientele::validation
