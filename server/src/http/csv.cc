#include "http/csv.h"

#include <cctype>

namespace clientele::http::csv {

Result<bool> Wanted(const Request& request) {
  auto format = request.Query("format");
  if (!format || format->empty() || *format == "json") return false;
  if (*format == "csv") return true;
  return FieldError("format", "Use csv, or json (the default).");
}

namespace {

bool LooksLikeFormula(std::string_view v) {
  if (v.empty()) return false;
  char c = v.front();
  if (c == '=' || c == '@' || c == '\t' || c == '\r') return true;
  if (c == '+' || c == '-') {
    // "+49 30 …", "-5": numbers are data, not formulas.
    for (char d : v.substr(1))
      if (!std::isdigit(static_cast<unsigned char>(d)) && d != ' ' && d != '.' && d != '(' &&
          d != ')' && d != '-')
        return true;
    return v.size() == 1;
  }
  return false;
}

}  // namespace

void AppendField(std::string& out, std::string_view value) {
  bool formula = LooksLikeFormula(value);
  bool quote = formula || value.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) {
    out += value;
    return;
  }
  out += '"';
  if (formula) out += '\'';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void AppendRow(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    AppendField(out, fields[i]);
  }
  out += "\r\n";
}

Response Whole(std::string name, std::string text) {
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
  r.body = std::move(text);
  return r;
}

Response Stream(std::string name, std::function<void(BodyWriter&)> produce) {
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
  r.stream = std::move(produce);
  return r;
}

}  // namespace clientele::http::csv
