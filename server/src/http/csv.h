#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"

// CSV answers of the list endpoints (`format=csv`, issue 16): RFC 4180 with a header row,
// CRLF line ends, UTF-8. A spreadsheet runs a cell that starts with = + - @ as a formula; such a
// text (other than a number such as a phone's "+49 …") is written with a leading apostrophe, as
// OWASP advises against CSV injection.
namespace clientele::http::csv {

// Whether the request asks for CSV (`format=csv`); `format=json` or none is the JSON list, any
// other value a kInvalidArgument on "format".
Result<bool> Wanted(const Request& request);

// One field, quoted when it needs to be, appended to `out` (no separator).
void AppendField(std::string& out, std::string_view value);
// A whole row with its separators and CRLF.
void AppendRow(std::string& out, const std::vector<std::string>& fields);

// A text/csv answer of `name`.csv, whole (a short list).
Response Whole(std::string name, std::string text);
// A streamed text/csv answer of `name`.csv; `produce` writes the rows (the header first).
Response Stream(std::string name, std::function<void(BodyWriter&)> produce);

}  // namespace clientele::http::csv
