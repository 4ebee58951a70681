#include "mail/templates/templates.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

// Golden files live in testdata/ beside this file. To accept changed texts after review:
//   CLIENTELE_UPDATE_GOLDEN=1 ./build/server/clientele_tests --gtest_filter='TemplatesGolden*'
// then read the diff of testdata/ before committing it.
namespace clientele::mail {
namespace {

namespace fs = std::filesystem;

const fs::path kTestdata = CLIENTELE_MAIL_TESTDATA;
const Timestamp kWhen = Timestamp::FromSeconds(1795753143);  // 2026-11-27T04:19:03Z

EmailContext FullContext() {
  EmailContext c;
  c.brand_name = "Acme Cloud";
  c.support_email = "support@acme.example";
  c.recipient_name = "Anna Schmidt";
  c.account_company = "Globex GmbH";
  c.account_id = "42017";
  c.product_title = "CDN";
  c.when = kWhen;
  c.action_link = "https://portal.acme.example/set-password?token=abc123&lang=en";
  c.link_valid_hours = 24;
  c.note = "The customer called back.\nKeep the account until the end of the month.";
  c.ip = "203.0.113.7";
  c.user_email = "anna@globex.example";
  return c;
}

bool UpdateGolden() {
  const char* v = std::getenv("CLIENTELE_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void ExpectGolden(const std::string& file, const std::string& actual) {
  fs::path path = kTestdata / file;
  if (UpdateGolden()) {
    fs::create_directories(kTestdata);
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with CLIENTELE_UPDATE_GOLDEN=1";
  EXPECT_EQ(ReadFile(path), actual)
      << "differs from " << path << "; if intended, run with CLIENTELE_UPDATE_GOLDEN=1";
}

std::string Name(EmailKind kind, std::string_view lang, std::string_view ext) {
  return std::string(EmailKindName(kind)) + "." + std::string(lang) + "." + std::string(ext);
}

// Every kind in every language, as plain text: the file translators review.
TEST(TemplatesGoldenTest, TextOfEveryKindAndLanguage) {
  for (EmailKind kind : AllEmailKinds()) {
    for (std::string_view lang : SupportedLanguages()) {
      RenderedEmail e = Render(kind, lang, FullContext());
      ExpectGolden(Name(kind, lang, "txt"), "Subject: " + e.subject + "\n\n" + e.text);
    }
  }
}

TEST(TemplatesGoldenTest, HtmlOfRepresentativeKinds) {
  const std::pair<EmailKind, std::string_view> cases[] = {
      {EmailKind::kPasswordReset, "en"},  {EmailKind::kDeletionCancelled, "de"},
      {EmailKind::kTrialStarted, "ru"},   {EmailKind::kFailedLogin, "zh"},
      {EmailKind::kUserInvitation, "az"},
  };
  for (const auto& [kind, lang] : cases) {
    ExpectGolden(Name(kind, lang, "html"), Render(kind, lang, FullContext()).html);
  }
}

TEST(TemplatesTest, EveryKindAndLanguageCarriesTheBrand) {
  EmailContext ctx = FullContext();
  ctx.brand_name = "Bränd & <Co>";
  for (EmailKind kind : AllEmailKinds()) {
    for (std::string_view lang : SupportedLanguages()) {
      SCOPED_TRACE(Name(kind, lang, ""));
      RenderedEmail e = Render(kind, lang, ctx);
      EXPECT_FALSE(e.subject.empty());
      EXPECT_FALSE(e.text.empty());
      EXPECT_NE(e.subject.find(ctx.brand_name), std::string::npos) << e.subject;
      EXPECT_NE(e.text.find(ctx.brand_name), std::string::npos) << e.text;
      EXPECT_NE(e.html.find("Bränd &amp; &lt;Co&gt;"), std::string::npos);
      EXPECT_EQ(e.html.find("<Co>"), std::string::npos);
      EXPECT_EQ(e.html.rfind("<!DOCTYPE html>\n<html lang=\"" + std::string(lang) + "\">", 0), 0u);
      EXPECT_EQ(e.subject.find('\n'), std::string::npos);
      EXPECT_EQ(e.text.back(), '\n');
      for (const char* placeholder :
           {"{brand}", "{support}", "{name}", "{company}", "{account_id}", "{product}", "{when}",
            "{link}", "{validity}", "{note}", "{ip}", "{user_email}"}) {
        EXPECT_EQ(e.subject.find(placeholder), std::string::npos) << placeholder;
        EXPECT_EQ(e.text.find(placeholder), std::string::npos) << placeholder;
        EXPECT_EQ(e.html.find(placeholder), std::string::npos) << placeholder;
      }
    }
  }
}

TEST(TemplatesTest, LanguagesDiffer) {
  for (EmailKind kind : AllEmailKinds()) {
    std::set<std::string> subjects;
    for (std::string_view lang : SupportedLanguages()) {
      subjects.insert(Render(kind, lang, FullContext()).subject);
    }
    EXPECT_EQ(subjects.size(), SupportedLanguages().size()) << EmailKindName(kind);
  }
}

TEST(TemplatesTest, HtmlEscapesEveryValue) {
  EmailContext ctx = FullContext();
  ctx.note = "<script>alert('x')</script>\nsecond & \"third\"";
  ctx.account_company = "<b>Globex</b>";
  ctx.recipient_name = "<img src=x onerror=alert(1)>";
  ctx.user_email = "a\"><script>@x.y";
  for (std::string_view lang : SupportedLanguages()) {
    for (EmailKind kind : AllEmailKinds()) {
      RenderedEmail e = Render(kind, lang, ctx);
      EXPECT_EQ(e.html.find("<script>"), std::string::npos) << Name(kind, lang, "html");
      EXPECT_EQ(e.html.find("<b>Globex"), std::string::npos);
      EXPECT_EQ(e.html.find("<img"), std::string::npos);
    }
    RenderedEmail e = Render(EmailKind::kDeletionCancelled, lang, ctx);
    EXPECT_NE(e.html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;<br>\nsecond &amp; "
                          "&quot;third&quot;"),
              std::string::npos)
        << e.html;
    // The text part keeps the note as written.
    EXPECT_NE(e.text.find("<script>alert('x')</script>\nsecond & \"third\""), std::string::npos);
  }
}

TEST(TemplatesTest, OnlyWebLinksBecomeButtons) {
  EmailContext ctx = FullContext();
  ctx.action_link = "javascript:alert(1)";
  RenderedEmail e = Render(EmailKind::kPasswordReset, "en", ctx);
  EXPECT_EQ(e.html.find("href=\"javascript"), std::string::npos);
  EXPECT_NE(e.html.find("Reset password: javascript:alert(1)"), std::string::npos);

  ctx.action_link = "https://x.example/reset?a=1&b=\"2\"";
  e = Render(EmailKind::kPasswordReset, "en", ctx);
  EXPECT_NE(e.html.find("href=\"https://x.example/reset?a=1&amp;b=&quot;2&quot;\""),
            std::string::npos);
  EXPECT_NE(e.text.find("Reset password:\nhttps://x.example/reset?a=1&b=\"2\"\n"),
            std::string::npos);
}

TEST(TemplatesTest, UnknownLanguageFallsBackToEnglish) {
  for (EmailKind kind : AllEmailKinds()) {
    RenderedEmail en = Render(kind, "en", FullContext());
    for (std::string_view lang : {"fr", "", "xx-YY", "english"}) {
      RenderedEmail other = Render(kind, lang, FullContext());
      EXPECT_EQ(other.subject, en.subject) << lang;
      EXPECT_EQ(other.text, en.text) << lang;
      EXPECT_EQ(other.html, en.html) << lang;
    }
  }
  EXPECT_EQ(ResolveLanguage("DE"), "de");
  EXPECT_EQ(ResolveLanguage("de-AT"), "de");
  EXPECT_EQ(ResolveLanguage("ru_RU"), "ru");
  EXPECT_EQ(ResolveLanguage("zh-Hans-CN"), "zh");
  EXPECT_EQ(ResolveLanguage("az"), "az");
  EXPECT_EQ(ResolveLanguage("fr"), "en");
  EXPECT_EQ(Render(EmailKind::kTrialStarted, "de-DE", FullContext()).subject,
            Render(EmailKind::kTrialStarted, "de", FullContext()).subject);
}

TEST(TemplatesTest, MissingValuesDropOrShortenSentences) {
  EmailContext ctx;
  ctx.brand_name = "Acme";
  for (std::string_view lang : SupportedLanguages()) {
    for (EmailKind kind : AllEmailKinds()) {
      SCOPED_TRACE(Name(kind, lang, ""));
      RenderedEmail e = Render(kind, lang, ctx);
      EXPECT_FALSE(e.subject.empty());
      EXPECT_EQ(e.subject.find("  "), std::string::npos) << e.subject;
      EXPECT_EQ(e.text.find("  "), std::string::npos) << e.text;
      EXPECT_EQ(e.text.find(" ,"), std::string::npos) << e.text;
      EXPECT_EQ(e.text.find(": \n"), std::string::npos) << e.text;
      EXPECT_EQ(e.text.find("\n\n\n"), std::string::npos) << e.text;
      EXPECT_EQ(e.html.find("href="), std::string::npos);  // no link, no button
    }
  }
  RenderedEmail e = Render(EmailKind::kTrialStarted, "en", ctx);
  EXPECT_EQ(e.text.rfind("Hello,\n", 0), 0u) << e.text;
  EXPECT_EQ(e.text.find("contact us at"), std::string::npos);  // no support address

  ctx.brand_name.clear();
  e = Render(EmailKind::kSmtpTest, "en", ctx);
  EXPECT_EQ(e.subject, "Test e-mail");
}

TEST(TemplatesTest, SubjectNeverCarriesLineBreaks) {
  EmailContext ctx = FullContext();
  ctx.account_company = "Evil\r\nBcc: victim@example.com";
  ctx.brand_name = "Brand\nX";
  RenderedEmail e = Render(EmailKind::kDeletionRequested, "en", ctx);
  EXPECT_EQ(e.subject, "[Brand X] Deletion requested: Evil Bcc: victim@example.com (ID 42017)");
}

TEST(TemplatesTest, StaffNoticesHaveNoSupportLineCustomerMailsDo) {
  RenderedEmail staff = Render(EmailKind::kFailedLogin, "en", FullContext());
  EXPECT_EQ(staff.text.find("support@acme.example"), std::string::npos);
  EXPECT_NE(staff.text.find("This is an automatic notification from Acme Cloud."),
            std::string::npos);
  RenderedEmail customer = Render(EmailKind::kTrialEnded, "en", FullContext());
  EXPECT_NE(customer.text.find("support@acme.example"), std::string::npos);
  EXPECT_NE(customer.text.find("The Acme Cloud team"), std::string::npos);
}

TEST(TemplatesTest, DatesAndDurationsAreLocalised) {
  EmailContext ctx = FullContext();
  auto text = [&](std::string_view lang, int hours) {
    ctx.link_valid_hours = hours;
    return Render(EmailKind::kPasswordReset, lang, ctx).text;
  };
  EXPECT_NE(text("en", 1).find("valid for 1 hour."), std::string::npos);
  EXPECT_NE(text("en", 24).find("valid for 24 hours."), std::string::npos);
  EXPECT_NE(text("en", 72).find("valid for 3 days."), std::string::npos);
  EXPECT_NE(text("de", 1).find("1 Stunde gültig"), std::string::npos);
  EXPECT_NE(text("de", 72).find("3 Tage gültig"), std::string::npos);
  EXPECT_NE(text("ru", 1).find("действительна 1 час."), std::string::npos);
  EXPECT_NE(text("ru", 3).find("3 часа."), std::string::npos);
  EXPECT_NE(text("ru", 5).find("5 часов."), std::string::npos);
  EXPECT_NE(text("ru", 11).find("11 часов."), std::string::npos);
  EXPECT_NE(text("ru", 21).find("21 час."), std::string::npos);
  EXPECT_NE(text("ru", 24).find("24 часа."), std::string::npos);
  EXPECT_NE(text("ru", 48).find("2 дня."), std::string::npos);
  EXPECT_NE(text("ru", 120).find("5 дней."), std::string::npos);
  EXPECT_NE(text("zh", 24).find("24 小时"), std::string::npos);
  EXPECT_NE(text("az", 24).find("24 saat"), std::string::npos);
  EXPECT_EQ(text("en", 0).find("valid for"), std::string::npos);

  auto when = [&](std::string_view lang) {
    return Render(EmailKind::kAccountDeleted, lang, FullContext()).text;
  };
  EXPECT_NE(when("en").find("27 November 2026, 04:19 UTC"), std::string::npos);
  EXPECT_NE(when("de").find("27. November 2026, 04:19 UTC"), std::string::npos);
  EXPECT_NE(when("ru").find("27 ноября 2026 г., 04:19 UTC"), std::string::npos);
  EXPECT_NE(when("zh").find("2026年11月27日 04:19（UTC）"), std::string::npos);
  EXPECT_NE(when("az").find("27 noyabr 2026, 04:19 UTC"), std::string::npos);
}

TEST(TemplatesTest, KindNamesRoundTrip) {
  std::set<std::string_view> names;
  for (EmailKind kind : AllEmailKinds()) {
    names.insert(EmailKindName(kind));
    EXPECT_EQ(ParseEmailKind(EmailKindName(kind)), kind);
  }
  EXPECT_EQ(names.size(), AllEmailKinds().size());
  EXPECT_EQ(EmailKindName(EmailKind::kTrialStarted), "trial_started");
  EXPECT_EQ(ParseEmailKind("nope"), std::nullopt);
}

TEST(TemplatesTest, ActivationRequestNamesCustomerAndProduct) {
  RenderedEmail e = Render(EmailKind::kActivationRequest, "en", FullContext());
  EXPECT_EQ(e.subject, "[Acme Cloud] Activation request: CDN for Globex GmbH");
  EXPECT_NE(e.text.find("Company: Globex GmbH\nAccount ID: 42017\nProduct: CDN\n"
                        "Requested by: anna@globex.example\n"),
            std::string::npos)
      << e.text;
}

}  // namespace
}  // namespace clientele::mail
