#include "domain/account_import_format.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <functional>
#include <set>
#include <utility>

#include "domain/validation.h"

namespace clientele {
namespace {

namespace bj = boost::json;

constexpr const char* kStatusNames = "new, trial, trialend, active, paused or deleted";
constexpr const char* kBadTime = "Use an RFC 3339 time, such as 2024-05-01T12:00:00Z.";

std::string Quoted(std::string_view s) { return "\"" + std::string(s.substr(0, 60)) + "\""; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return out;
}

Error LineError(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// Reads a product status; an error message for `field` otherwise.
std::optional<ProductStatus> ReadStatus(std::string_view text, const std::string& field,
                                        FieldErrors& errors) {
  auto status = ParseProductStatus(text);
  if (!status) errors.Add(field, Quoted(text) + " is not a status: use " + kStatusNames + ".");
  return status;
}

void ReadTime(std::string_view text, const std::string& field, FieldErrors& errors,
              std::optional<Timestamp>& out) {
  if (auto t = ParseRfc3339(text))
    out = *t;
  else
    errors.Add(field, kBadTime);
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

void JsonText(const bj::value& v, const char* field, FieldErrors& errors, std::string& out) {
  if (v.is_string())
    out = std::string(v.get_string());
  else if (!v.is_null())
    errors.Add(field, "Must be a string.");
}

void JsonOptText(const bj::value& v, const char* field, FieldErrors& errors,
                 std::optional<std::string>& out) {
  if (v.is_string())
    out = std::string(v.get_string());
  else if (!v.is_null())
    errors.Add(field, "Must be a string or null.");
}

void JsonBool(const bj::value& v, const std::string& field, FieldErrors& errors, bool& out) {
  if (v.is_bool())
    out = v.get_bool();
  else if (!v.is_null())
    errors.Add(field, "Must be true or false.");
}

void JsonServices(const bj::value& v, const std::vector<std::string>& products, ImportRecord& r) {
  FieldErrors& errors = r.account.type_errors;
  if (v.is_null()) return;
  if (!v.is_object()) {
    errors.Add("services",
               "Must be an object of products, such as {\"CDN\": {\"enabled\": true, "
               "\"status\": \"trial\"}}.");
    return;
  }
  std::set<std::string_view> seen;
  for (const auto& [key, value] : v.get_object()) {
    std::string name(key);
    std::string field = "services." + name;
    if (std::find(products.begin(), products.end(), name) == products.end()) {
      errors.Add(field, Quoted(name) + " is not a product: use " + Joined(products) + ".");
      continue;
    }
    if (!seen.insert(key).second) {
      errors.Add(field, "Listed twice.");
      continue;
    }
    if (!value.is_object()) {
      errors.Add(field, "Must be an object such as {\"enabled\": true, \"status\": \"trial\"}.");
      continue;
    }
    ImportedService s;
    s.product = name;
    for (const auto& [k, item] : value.get_object()) {
      if (k == "enabled") {
        JsonBool(item, field + ".enabled", errors, s.enabled);
      } else if (k == "status") {
        if (item.is_string()) {
          if (auto st = ReadStatus(item.get_string(), field + ".status", errors)) s.status = *st;
        } else if (!item.is_null()) {
          errors.Add(field + ".status", std::string("Must be one of ") + kStatusNames + ".");
        }
      } else {
        errors.Add(field + "." + std::string(k),
                   "Unknown field: a product has enabled and status.");
      }
    }
    r.services.push_back(std::move(s));
  }
}

Result<ImportRecord> ParseJsonLine(std::string_view line,
                                   const std::vector<std::string>& products) {
  // Lines are short: the parsed value lives on the stack, not on the heap.
  alignas(std::max_align_t) unsigned char buffer[16384];
  bj::monotonic_resource arena(buffer, sizeof buffer);
  bj::stream_parser parser;
  parser.reset(&arena);
  boost::system::error_code ec;
  size_t used = parser.write(line.data(), line.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec)
    return LineError("Not valid JSON: " + ec.message() + " at character " +
                     std::to_string(std::min(used, line.size()) + 1) + ".");
  bj::value v = parser.release();
  if (!v.is_object()) return LineError("Not a JSON object: each line holds one account.");
  ImportRecord r;
  FieldErrors& errors = r.account.type_errors;
  for (const auto& [key, value] : v.get_object()) {
    if (key == "email") {
      JsonText(value, "email", errors, r.account.email);
    } else if (key == "company") {
      JsonText(value, "company", errors, r.account.company);
    } else if (key == "name") {
      JsonOptText(value, "name", errors, r.account.name);
    } else if (key == "custom_id") {
      JsonOptText(value, "custom_id", errors, r.account.custom_id);
    } else if (key == "lang") {
      JsonOptText(value, "lang", errors, r.account.lang);
    } else if (key == "phone") {
      JsonOptText(value, "phone", errors, r.account.phone);
    } else if (key == "is_test") {
      JsonBool(value, "is_test", errors, r.account.is_test);
    } else if (key == "deleted") {
      JsonBool(value, "deleted", errors, r.deleted);
    } else if (key == "seller") {
      JsonOptText(value, "seller", errors, r.seller_email);
    } else if (key == "created_at") {
      if (value.is_string())
        ReadTime(value.get_string(), "created_at", errors, r.created_at);
      else if (!value.is_null())
        errors.Add("created_at", kBadTime);
    } else if (key == "services") {
      JsonServices(value, products, r);
    } else {
      errors.Add(std::string(key),
                 "Unknown field: an account has email, name, company, custom_id, lang, phone, "
                 "is_test, deleted, seller, created_at and services.");
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// CSV

// What a CSV column holds.
struct Column {
  enum class Kind {
    kEmail,
    kName,
    kCompany,
    kCustomId,
    kLang,
    kPhone,
    kIsTest,
    kDeleted,
    kSeller,
    kCreatedAt,
    kEnabled,
    kStatus,
  };
  Kind kind;
  std::string name;    // as the header spells it, lower case
  size_t product = 0;  // kEnabled, kStatus: the index in the catalog
};

constexpr std::array<std::pair<std::string_view, Column::Kind>, 10> kBaseColumns = {{
    {"email", Column::Kind::kEmail},
    {"name", Column::Kind::kName},
    {"company", Column::Kind::kCompany},
    {"custom_id", Column::Kind::kCustomId},
    {"lang", Column::Kind::kLang},
    {"phone", Column::Kind::kPhone},
    {"is_test", Column::Kind::kIsTest},
    {"deleted", Column::Kind::kDeleted},
    {"seller", Column::Kind::kSeller},
    {"created_at", Column::Kind::kCreatedAt},
}};

// Splits a CSV row (RFC 4180) into its fields. nullopt: a quoted field is still open at the end
// of `row`, so the row goes on in the next line.
std::optional<Result<std::vector<std::string>>> SplitCsv(std::string_view row) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (true) {
    std::string field;
    size_t number = fields.size() + 1;
    if (i < row.size() && row[i] == '"') {
      ++i;
      while (true) {
        size_t quote = row.find('"', i);
        if (quote == std::string_view::npos) return std::nullopt;
        field.append(row.substr(i, quote - i));
        i = quote + 1;
        if (i < row.size() && row[i] == '"') {  // "" stands for one quote
          field += '"';
          ++i;
          continue;
        }
        break;
      }
      if (i < row.size() && row[i] != ',')
        return Result<std::vector<std::string>>(
            LineError("Field " + std::to_string(number) +
                      ": text after its closing quote; a quote inside a quoted field is "
                      "written twice (\"\")."));
    } else {
      size_t end = row.find(',', i);
      if (end == std::string_view::npos) end = row.size();
      std::string_view text = row.substr(i, end - i);
      if (text.find('"') != std::string_view::npos)
        return Result<std::vector<std::string>>(
            LineError("Field " + std::to_string(number) +
                      ": a quote inside a field without quotes; put the field in quotes and "
                      "write its quotes twice (\"\")."));
      field.assign(text);
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= row.size()) return Result<std::vector<std::string>>(std::move(fields));
    ++i;  // the comma
  }
}

std::optional<bool> CsvBool(std::string_view text) {
  std::string v = Lower(text);
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return std::nullopt;
}

}  // namespace

class ImportParser::Impl {
 public:
  Impl(ImportFormat format, std::vector<std::string> products)
      : format_(format), products_(std::move(products)) {}

  std::optional<Result<ImportRecord>> Add(std::string_view line) {
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (format_ == ImportFormat::kJsonLines) {
      if (validation::Trim(line).empty()) return std::nullopt;
      record_line_ = line_number_;
      return ParseJsonLine(line, products_);
    }
    if (header_refused_) return std::nullopt;
    if (pending_.empty() && !continuing_) {
      if (line.empty()) return std::nullopt;
      pending_line_ = line_number_;
      pending_ = line;
    } else {
      pending_ += '\n';
      pending_.append(line);
    }
    auto fields = SplitCsv(pending_);
    continuing_ = !fields.has_value();
    if (continuing_) return std::nullopt;
    pending_.clear();
    record_line_ = pending_line_;
    if (!*fields) return Result<ImportRecord>(fields->error());
    if (!header_read_) {
      header_read_ = true;
      Status header = ReadHeader(**fields);
      if (header.ok()) return std::nullopt;
      header_refused_ = true;
      return Result<ImportRecord>(std::move(header).error());
    }
    return ReadRow(**fields);
  }

  std::optional<Result<ImportRecord>> Finish() {
    if (!continuing_) return std::nullopt;
    continuing_ = false;
    pending_.clear();
    record_line_ = pending_line_;
    return Result<ImportRecord>(
        LineError("A quoted field is never closed: the file ends inside it."));
  }

  int64_t record_line() const { return record_line_; }
  bool header_refused() const { return header_refused_; }

 private:
  Status ReadHeader(const std::vector<std::string>& names) {
    std::set<std::string> seen;
    std::vector<std::string> problems;
    for (const auto& raw : names) {
      std::string name = Lower(validation::Trim(raw));
      if (!seen.insert(name).second) {
        problems.push_back("the column " + Quoted(name) + " is named twice");
        continue;
      }
      auto base = std::find_if(kBaseColumns.begin(), kBaseColumns.end(),
                               [&](const auto& c) { return c.first == name; });
      if (base != kBaseColumns.end()) {
        columns_.push_back({base->second, name, 0});
        continue;
      }
      bool known = false;
      for (size_t p = 0; p < products_.size() && !known; ++p) {
        std::string prefix = Lower(products_[p]);
        if (name == prefix + "_enabled") {
          columns_.push_back({Column::Kind::kEnabled, name, p});
          known = true;
        } else if (name == prefix + "_status") {
          columns_.push_back({Column::Kind::kStatus, name, p});
          known = true;
        }
      }
      if (!known) problems.push_back("unknown column " + Quoted(name));
    }
    for (const char* required : {"email", "company"})
      if (!seen.contains(required))
        problems.push_back(std::string("the column \"") + required + "\" is missing");
    if (problems.empty()) return Ok();
    std::vector<std::string> product_columns;
    for (const auto& p : products_) product_columns.push_back(Lower(p));
    std::string message = "The header can't be used: ";
    for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
    message +=
        ". The columns are email, company, name, custom_id, lang, phone, is_test, deleted, "
        "seller, created_at, and PRODUCT_enabled and PRODUCT_status for each product (" +
        Joined(product_columns) + ").";
    return LineError(std::move(message));
  }

  Result<ImportRecord> ReadRow(const std::vector<std::string>& cells) {
    if (cells.size() != columns_.size())
      return LineError("Has " + std::to_string(cells.size()) + " fields where the header has " +
                       std::to_string(columns_.size()) + ".");
    ImportRecord r;
    FieldErrors& errors = r.account.type_errors;
    std::vector<std::optional<ImportedService>> services(products_.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string cell = validation::Trim(cells[i]);
      if (cell.empty()) continue;
      const Column& column = columns_[i];
      auto flag = [&](bool& out) {
        if (auto b = CsvBool(cell))
          out = *b;
        else
          errors.Add(column.name, "Use true or false.");
      };
      auto service = [&]() -> ImportedService& {
        auto& s = services[column.product];
        if (!s) s = ImportedService{products_[column.product], false, ProductStatus::kNew};
        return *s;
      };
      switch (column.kind) {
        case Column::Kind::kEmail:
          r.account.email = std::move(cell);
          break;
        case Column::Kind::kCompany:
          r.account.company = std::move(cell);
          break;
        case Column::Kind::kName:
          r.account.name = std::move(cell);
          break;
        case Column::Kind::kCustomId:
          r.account.custom_id = std::move(cell);
          break;
        case Column::Kind::kLang:
          r.account.lang = std::move(cell);
          break;
        case Column::Kind::kPhone:
          r.account.phone = std::move(cell);
          break;
        case Column::Kind::kIsTest:
          flag(r.account.is_test);
          break;
        case Column::Kind::kDeleted:
          flag(r.deleted);
          break;
        case Column::Kind::kSeller:
          r.seller_email = std::move(cell);
          break;
        case Column::Kind::kCreatedAt:
          ReadTime(cell, column.name, errors, r.created_at);
          break;
        case Column::Kind::kEnabled:
          flag(service().enabled);
          break;
        case Column::Kind::kStatus:
          if (auto st = ReadStatus(cell, column.name, errors)) service().status = *st;
          break;
      }
    }
    for (auto& s : services)
      if (s) r.services.push_back(std::move(*s));
    return r;
  }

  ImportFormat format_;
  std::vector<std::string> products_;
  int64_t line_number_ = 0;
  int64_t record_line_ = 0;
  // CSV: the columns of the header, and a row whose quoted field goes on in the next line.
  bool header_read_ = false;
  bool header_refused_ = false;
  std::vector<Column> columns_;
  std::string pending_;
  bool continuing_ = false;
  int64_t pending_line_ = 0;
};

ImportParser::ImportParser(ImportFormat format, std::vector<std::string> products)
    : impl_(std::make_unique<Impl>(format, std::move(products))) {}
ImportParser::~ImportParser() = default;
ImportParser::ImportParser(ImportParser&&) noexcept = default;
ImportParser& ImportParser::operator=(ImportParser&&) noexcept = default;

std::optional<Result<ImportRecord>> ImportParser::Add(std::string_view line) {
  return impl_->Add(line);
}
std::optional<Result<ImportRecord>> ImportParser::Finish() { return impl_->Finish(); }
int64_t ImportParser::record_line() const { return impl_->record_line(); }
bool ImportParser::header_refused() const { return impl_->header_refused(); }

}  // namespace clientele
