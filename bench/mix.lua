-- The admin mix for wrk: GET /iam/clients with randomised values, so that no cache keyed on the
-- query can decide the result. Reads, from the directory in BENCH_DIR:
--   token.txt       a bearer access token of the reseller
--   words.txt       3-6 character substrings present in the data (bench/generate.py)
--   seller_ids.txt  the sellers' ids
-- Prints one JSON line at the end: requests per second, p50 and p99 in milliseconds, errors.

local dir = os.getenv("BENCH_DIR") or "."
local products = { "cdn", "storage", "streaming", "dns", "ddos", "cloud" }
local statuses = { "trial", "active", "paused", "trialend", "deleted", "new" }
local orderings = { "email", "-email", "companyName", "-created_at", "created_at", "name" }

local function lines(name)
  local out = {}
  for line in io.lines(dir .. "/" .. name) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

local token, words, sellers
local counts = { status = {} }

local function any(list) return list[math.random(#list)] end

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- The nine kinds of the mix, each with fresh random values.
local kinds = {
  function() return "limit=20" end,
  function() return "limit=20&offset=" .. 20 * math.random(0, 2500) end,
  function() return "limit=20&ordering=-created_at&offset=" .. 20 * math.random(0, 50) end,
  function() return "limit=20&deleted=false&is_test=false&offset=" .. 20 * math.random(0, 250) end,
  function() return "limit=20&" .. any(products) .. "=" .. any(statuses) end,
  function() return "limit=20&email=" .. encode(any(words)) end,
  function() return "limit=20&companyName=" .. encode(any(words)) end,
  function() return "limit=20&seller_id=" .. any(sellers) .. "&ordering=" .. any(orderings) end,
  function()
    return "limit=20&is_test=false&deleted=false&seller_id=" .. any(sellers) .. "&" ..
        any(products) .. "=active&ordering=-created_at"
  end,
}

-- Issue 16's pages, run alone (KIND=10, 11), not part of the mix: the overview (counts from the
-- account index, the due-work indexes' ranges) and the organisation's lifecycle preview.
local pages = {
  [10] = function() return "/iam/overview?days=" .. math.random(1, 30) end,
  [11] = function() return "/iam/lifecycle/preview?days=" .. math.random(1, 30) end,
}

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init(args)
  math.randomseed(os.time() + (id or 0))
  token = lines("token.txt")[1]
  words = lines("words.txt")
  sellers = lines("seller_ids.txt")
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- KIND=1..9 in the environment runs one kind alone (bench/kinds.sh); unset, the whole mix.
local only = tonumber(os.getenv("KIND") or "0") or 0

function request()
  if pages[only] then return wrk.format("GET", pages[only]()) end
  local kind = (only >= 1 and only <= #kinds) and kinds[only] or any(kinds)
  return wrk.format("GET", "/iam/clients?" .. kind())
end

function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
      summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.1f, "rps": %.1f, "p50_ms": %.2f, "p99_ms": %.2f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
