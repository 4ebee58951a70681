#include "mail/templates/templates.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>
#include <vector>

#include "mail/templates/catalog.h"

namespace clientele::mail {
namespace {

using templates_internal::Catalog;
using templates_internal::KindTexts;
using templates_internal::Paragraph;

constexpr std::array<std::string_view, 5> kLanguages = {"en", "de", "ru", "zh", "az"};

// Notices for the reseller's own people: no "contact support" line, an automatic-notice footer
// instead of the team's signature.
bool IsStaffNotice(EmailKind kind) {
  switch (kind) {
    case EmailKind::kActivationRequest:
    case EmailKind::kDeletionRequested:
    case EmailKind::kDeletionCancelled:
    case EmailKind::kAccountDeleted:
    case EmailKind::kFailedLogin:
    case EmailKind::kSmtpTest:
      return true;
    default:
      return false;
  }
}

const Catalog& CatalogFor(std::string_view code) {
  if (code == "de") return templates_internal::German();
  if (code == "ru") return templates_internal::Russian();
  if (code == "zh") return templates_internal::Chinese();
  if (code == "az") return templates_internal::Azerbaijani();
  return templates_internal::English();
}

// Values come from users; line breaks survive only where a block can show them (not in the
// subject), other control characters never.
std::string CleanValue(std::string_view value, bool single_line) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < value.size() && value[i + 1] == '\n') ++i;
      out += single_line ? ' ' : '\n';
    } else if (c == '\t') {
      out += single_line ? ' ' : '\t';
    } else if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatWhen(const Catalog& catalog, Timestamp when) {
  std::time_t seconds = static_cast<std::time_t>(when.seconds());
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char time[8];
  std::snprintf(time, sizeof time, "%02d:%02d", tm.tm_hour % 24, tm.tm_min % 60);
  const std::map<std::string_view, std::string> parts = {
      {"d", std::to_string(tm.tm_mday)},
      {"month", std::string(catalog.months[static_cast<size_t>(tm.tm_mon) % 12])},
      {"mo", std::to_string(tm.tm_mon + 1)},
      {"y", std::to_string(tm.tm_year + 1900)},
      {"time", time},
  };
  std::string out;
  std::string_view format = catalog.date_format;
  for (size_t i = 0; i < format.size(); ++i) {
    size_t close = format[i] == '{' ? format.find('}', i) : std::string_view::npos;
    auto it = close == std::string_view::npos ? parts.end()
                                              : parts.find(format.substr(i + 1, close - i - 1));
    if (it == parts.end()) {
      out += format[i];
    } else {
      out += it->second;
      i = close;
    }
  }
  return out;
}

class Renderer {
 public:
  Renderer(const Catalog& catalog, const EmailContext& ctx) {
    auto set = [this](std::string_view key, const std::string& value) {
      values_[key] = CleanValue(value, false);
    };
    set("brand", ctx.brand_name);
    set("support", ctx.support_email);
    set("name", ctx.recipient_name);
    set("company", ctx.account_company);
    set("account_id", ctx.account_id);
    set("product", ctx.product_title);
    set("link", ctx.action_link);
    set("note", ctx.note);
    set("ip", ctx.ip);
    set("user_email", ctx.user_email);
    values_["when"] = ctx.when ? FormatWhen(catalog, *ctx.when) : "";
    values_["validity"] = ctx.link_valid_hours > 0 ? catalog.duration(ctx.link_valid_hours) : "";
  }

  // The first alternative whose placeholders all have values; nullopt if none.
  std::optional<std::string_view> Choose(const Paragraph& p) const {
    for (std::string_view alternative : p.alternatives) {
      if (AllFilled(alternative)) return alternative;
    }
    return std::nullopt;
  }

  enum class Target { kText, kHtml, kSubject };

  // `pattern` with its known placeholders replaced; text and values escaped for `target`.
  // Braces that name no value stay as they are.
  std::string Fill(std::string_view pattern, Target target) const {
    std::string out;
    size_t pos = 0;
    while (pos < pattern.size()) {
      size_t open = pattern.find('{', pos);
      if (open == std::string_view::npos) {
        out += Convert(pattern.substr(pos), target);
        break;
      }
      size_t close = pattern.find('}', open);
      auto it = close == std::string_view::npos
                    ? values_.end()
                    : values_.find(pattern.substr(open + 1, close - open - 1));
      if (it == values_.end()) {
        out += Convert(pattern.substr(pos, open + 1 - pos), target);
        pos = open + 1;
        continue;
      }
      out += Convert(pattern.substr(pos, open - pos), target);
      out +=
          Convert(target == Target::kSubject ? CleanValue(it->second, true) : it->second, target);
      pos = close + 1;
    }
    return out;
  }

  const std::string& Value(std::string_view key) const { return values_.at(key); }

 private:
  bool AllFilled(std::string_view pattern) const {
    for (size_t open = pattern.find('{'); open != std::string_view::npos;
         open = pattern.find('{', open + 1)) {
      size_t close = pattern.find('}', open);
      if (close == std::string_view::npos) break;
      auto it = values_.find(pattern.substr(open + 1, close - open - 1));
      if (it != values_.end() && it->second.empty()) return false;
    }
    return true;
  }

  static std::string Convert(std::string_view text, Target target) {
    if (target != Target::kHtml) return std::string(text);
    std::string escaped = EscapeHtml(text);
    std::string out;
    for (char c : escaped) {
      if (c == '\n') {
        out += "<br>\n";
      } else {
        out += c;
      }
    }
    return out;
  }

  std::map<std::string_view, std::string, std::less<>> values_;
};

// The e-mail as a list of blocks, shared by the text and HTML renderings.
struct Block {
  enum class Type { kParagraph, kDetails, kAction, kSmall, kSignature } type;
  std::vector<std::string_view> patterns;  // kAction: {label}
};

std::vector<Block> Layout(const Catalog& catalog, const KindTexts& texts, const Renderer& r,
                          bool staff) {
  std::vector<Block> blocks;
  auto add = [&](const Paragraph& p, Block::Type type = Block::Type::kParagraph) {
    auto chosen = r.Choose(p);
    if (!chosen) return;
    if (p.detail && !blocks.empty() && blocks.back().type == Block::Type::kDetails) {
      blocks.back().patterns.push_back(*chosen);
    } else {
      blocks.push_back({p.detail ? Block::Type::kDetails : type, {*chosen}});
    }
  };
  add(catalog.greeting);
  for (const Paragraph& p : texts.body) add(p);
  if (!texts.action.empty() && !r.Value("link").empty()) {
    blocks.push_back({Block::Type::kAction, {texts.action}});
    if (!r.Value("validity").empty()) {
      blocks.push_back({Block::Type::kParagraph, {catalog.link_validity}});
    }
  }
  for (const Paragraph& p : texts.after) add(p);
  if (staff) {
    add(catalog.staff_footer, Block::Type::kSmall);
  } else {
    add(catalog.support);
    add(catalog.closing, Block::Type::kSignature);
  }
  return blocks;
}

std::string RenderText(const Catalog& catalog, const std::vector<Block>& blocks,
                       const Renderer& r) {
  std::string out;
  for (const Block& b : blocks) {
    if (!out.empty()) out += "\n";
    if (b.type == Block::Type::kAction) {
      out += r.Fill(b.patterns[0], Renderer::Target::kText) + std::string(catalog.colon) + "\n" +
             r.Value("link") + "\n";
      continue;
    }
    for (std::string_view pattern : b.patterns) {
      out += r.Fill(pattern, Renderer::Target::kText) + "\n";
    }
  }
  return out;
}

bool IsWebLink(std::string_view link) {
  auto starts = [&](std::string_view prefix) {
    if (link.size() <= prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(link[i])) != prefix[i]) return false;
    return true;
  };
  return starts("https://") || starts("http://");
}

constexpr std::string_view kParagraphStyle = "margin:0 0 16px;";

std::string RenderHtml(const Catalog& catalog, const std::vector<Block>& blocks,
                       const std::string& subject, const Renderer& r) {
  using Target = Renderer::Target;
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"" + std::string(catalog.code) + "\">\n<head>\n";
  out += "<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + EscapeHtml(subject) + "</title>\n</head>\n";
  out += "<body style=\"margin:0;padding:0;background:#f4f5f7;\">\n";
  out +=
      "<div style=\"max-width:560px;margin:0 auto;padding:24px;background:#ffffff;"
      "font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;"
      "color:#1f2328;\">\n";
  for (const Block& b : blocks) {
    switch (b.type) {
      case Block::Type::kParagraph:
      case Block::Type::kSignature:
        out += "<p style=\"" + std::string(kParagraphStyle) + "\">" +
               r.Fill(b.patterns[0], Target::kHtml) + "</p>\n";
        break;
      case Block::Type::kDetails: {
        out += "<p style=\"" + std::string(kParagraphStyle) + "\">";
        for (size_t i = 0; i < b.patterns.size(); ++i) {
          if (i > 0) out += "<br>\n";
          out += r.Fill(b.patterns[i], Target::kHtml);
        }
        out += "</p>\n";
        break;
      }
      case Block::Type::kAction: {
        const std::string label = r.Fill(b.patterns[0], Target::kHtml);
        const std::string link = EscapeHtml(r.Value("link"));
        if (!IsWebLink(r.Value("link"))) {
          out += "<p style=\"" + std::string(kParagraphStyle) + "\">" + label +
                 EscapeHtml(catalog.colon) + " " + link + "</p>\n";
          break;
        }
        out += "<p style=\"margin:24px 0;\"><a href=\"" + link +
               "\" style=\"display:inline-block;padding:10px 20px;background:#1a73e8;"
               "color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;\">" +
               label + "</a></p>\n";
        out += "<p style=\"margin:0 0 16px;font-size:13px;color:#57606a;\">" +
               EscapeHtml(catalog.link_fallback) + "<br>\n<a href=\"" + link +
               "\" style=\"color:#1a73e8;word-break:break-all;\">" + link + "</a></p>\n";
        break;
      }
      case Block::Type::kSmall:
        out += "<p style=\"margin:24px 0 0;font-size:13px;color:#57606a;\">" +
               r.Fill(b.patterns[0], Target::kHtml) + "</p>\n";
        break;
    }
  }
  out += "</div>\n</body>\n</html>\n";
  return out;
}

}  // namespace

std::span<const std::string_view> SupportedLanguages() { return kLanguages; }

std::string_view ResolveLanguage(std::string_view lang) {
  std::string base;
  for (char c : lang) {
    if (c == '-' || c == '_') break;
    base += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (std::string_view code : kLanguages)
    if (code == base) return code;
  return "en";
}

RenderedEmail Render(EmailKind kind, std::string_view lang, const EmailContext& ctx) {
  const Catalog* catalog = &CatalogFor(ResolveLanguage(lang));
  auto texts = catalog->kinds.find(kind);
  if (texts == catalog->kinds.end()) {  // a kind not yet translated: English beats nothing
    catalog = &templates_internal::English();
    texts = catalog->kinds.find(kind);
  }
  Renderer r(*catalog, ctx);
  using Target = Renderer::Target;

  RenderedEmail email;
  if (auto prefix = r.Choose(catalog->subject_prefix)) {
    email.subject = r.Fill(*prefix, Target::kSubject);
  }
  const auto& subject_alternatives = texts->second.subject.alternatives;
  auto subject = r.Choose(texts->second.subject);
  email.subject += r.Fill(subject ? *subject : subject_alternatives.back(), Target::kSubject);
  email.subject = CollapseSpaces(email.subject);  // a missing value leaves no double space

  std::vector<Block> blocks = Layout(*catalog, texts->second, r, IsStaffNotice(kind));
  email.text = RenderText(*catalog, blocks, r);
  email.html = RenderHtml(*catalog, blocks, email.subject, r);
  return email;
}

}  // namespace clientele::mail
