#include "domain/email_outbox.h"

#include <gtest/gtest.h>

namespace clientele {
namespace {

TEST(EmailDataTest, RoundTripsThroughItsStoredForm) {
  EmailData data;
  data.lang = "de";
  data.recipient_name = "Karl \"K\" Müller";
  data.account_company = "Acme\nGmbH";
  data.account_id = "42";
  data.product_title = "CDN";
  data.when = Timestamp{1'790'000'000'123'456};
  data.action_link = "https://portal.example/reset?token=abc";
  data.link_valid_hours = 24;
  data.note = "line 1\nline 2";
  data.ip = "192.0.2.1";
  data.user_email = "k@example.com";
  auto back = DecodeEmailData(EncodeEmailData(data));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->lang, data.lang);
  EXPECT_EQ(back->recipient_name, data.recipient_name);
  EXPECT_EQ(back->account_company, data.account_company);
  EXPECT_EQ(back->account_id, data.account_id);
  EXPECT_EQ(back->product_title, data.product_title);
  EXPECT_EQ(back->when, data.when);
  EXPECT_EQ(back->action_link, data.action_link);
  EXPECT_EQ(back->link_valid_hours, data.link_valid_hours);
  EXPECT_EQ(back->note, data.note);
  EXPECT_EQ(back->ip, data.ip);
  EXPECT_EQ(back->user_email, data.user_email);
}

TEST(EmailDataTest, EmptyFieldsAreLeftOutAndUnreadableDataIsAnError) {
  EmailData data;
  data.product_title = "CDN";
  EXPECT_EQ(EncodeEmailData(data), R"({"lang":"en","product_title":"CDN"})");
  auto empty = DecodeEmailData("{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->lang, "en");
  EXPECT_FALSE(empty->when.has_value());
  EXPECT_FALSE(DecodeEmailData("not json").ok());
  EXPECT_FALSE(DecodeEmailData("[1]").ok());
}

}  // namespace
}  // namespace clientele
