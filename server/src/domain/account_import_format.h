#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "domain/accounts.h"
#include "domain/model.h"

// The files of `clientele import accounts`, read into records: JSON Lines (one object per line)
// or CSV (a header row, then one row per account). Plain C++ without I/O: the caller reads the
// file and feeds its lines, so the same parser serves the command line and, later, an upload.
//
// JSON Lines, one account per line:
//   {"email": "it@acme.example", "name": "Anna Berg", "company": "Acme", "custom_id": "C-1",
//    "lang": "de", "phone": "+49 30 1234567", "is_test": false, "deleted": false,
//    "seller": "seller@reseller.example", "created_at": "2024-05-01T12:00:00Z",
//    "services": {"CDN": {"enabled": true, "status": "trial"}, ...}}
// CSV: a header naming the columns (in any order, case-insensitive): email, name, company,
//   custom_id, lang, phone, is_test, deleted, seller, created_at, and for each product of the
//   catalog <product>_enabled and <product>_status in lower case (cdn_enabled, cdn_status, ...).
//   RFC 4180 quoting: a field in double quotes may hold commas, line breaks and doubled quotes.
// Only email and company are required. An empty CSV cell or a JSON null is a missing value;
// a missing product is new and not activated. Booleans: true or false (CSV also 1 or 0).
namespace clientele {

enum class ImportFormat { kJsonLines, kCsv };

// One product of an imported account, as the file gives it.
struct ImportedService {
  std::string product;  // a catalog product name (CDN, STORAGE, ...)
  bool enabled = false;
  ProductStatus status = ProductStatus::kNew;
};

// One account of an import file, read but not yet checked against the rules of accounts.
struct ImportRecord {
  // email, company, name, custom_id, lang, phone, is_test; its `type_errors` names the fields
  // the file gives in a form that can't be read (a wrong JSON type, an unknown status, a bad
  // date, an unknown field), so that every problem of a line is reported at once.
  NewAccountRequest account;
  bool deleted = false;
  std::optional<std::string> seller_email;
  std::optional<Timestamp> created_at;
  std::vector<ImportedService> services;  // in the file's order
};

// Reads an import file line by line. Not thread-safe.
class ImportParser {
 public:
  // `products`: the catalog's product names, which JSON's "services" and the CSV columns name.
  ImportParser(ImportFormat format, std::vector<std::string> products);
  ~ImportParser();
  ImportParser(ImportParser&&) noexcept;
  ImportParser& operator=(ImportParser&&) noexcept;

  // Takes the next line of the file, without its line break (a trailing CR is dropped).
  // Returns nothing while no record is complete: a blank line, the CSV header, or a CSV row
  // whose quoted field goes on in the next line. Otherwise the record (problems with single
  // fields are in its account.type_errors), or a kInvalidArgument Error whose message says why
  // the line as a whole can't be read (not JSON, a malformed CSV row, a refused header).
  // record_line() is then the number of the record's first line.
  std::optional<Result<ImportRecord>> Add(std::string_view line);
  // At the end of the file: a CSV row whose quoted field never closed, as an error.
  std::optional<Result<ImportRecord>> Finish();

  // The 1-based line number where the record last returned began.
  int64_t record_line() const;
  // A CSV header that can't be used (an unknown or repeated column, email or company missing):
  // set when Add returned its error for line 1. No row can be read without it; every later Add
  // answers nothing, and the caller should stop.
  bool header_refused() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clientele
