-- people_list.lua — wrk script for GET /api/v1/people: a fixed rotation of
-- the roster filters an office uses (unit with sub-units, rank, age range,
-- pinyin initials, 姓氏笔画 order, and combinations), with the bearer token
-- from $CADRE_TOKEN. Deterministic: request k of each connection is path
-- k mod #paths, so two runs ask the same questions.
--
-- The unit ids are those of `cadre demo` (1 = the 厅, 2..21 its units).

local token = os.getenv("CADRE_TOKEN") or ""
local paths = {}

-- CADRE_LIST_EXTRA (e.g. "status=all") is appended to every query, to
-- compare binaries whose default filters differ.
local extra = os.getenv("CADRE_LIST_EXTRA")

local function add(query)
  if extra and extra ~= "" then
    query = query .. "&" .. extra
  end
  paths[#paths + 1] = "/api/v1/people?" .. query
end

local ranks = { "04", "06", "08", "10", "11" }
local initials = { "wj", "zh", "lj", "cx", "wl", "zy", "ly", "hm" }
local ages = { { 25, 35 }, { 30, 40 }, { 45, 55 }, { 50, 60 } }

for i = 1, 8 do
  local unit = (i * 5) % 21 + 1
  add("unit_id=" .. unit .. "&include_sub=true&sort=strokes")
  add("rank=" .. ranks[(i - 1) % #ranks + 1] .. "&sort=strokes")
  local age = ages[(i - 1) % #ages + 1]
  add("age_min=" .. age[1] .. "&age_max=" .. age[2] .. "&page=" .. i)
  add("q=" .. initials[i])
  add("q=" .. initials[i] .. "&sort=strokes")
  add("unit_id=" .. unit .. "&include_sub=true&rank=" .. ranks[(i + 1) % #ranks + 1] .. "&sort=strokes")
  add("unit_id=1&include_sub=true&age_min=" .. age[1] .. "&age_max=" .. age[2] .. "&sort=strokes&page=" .. i)
end

local counter = 0

request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end

-- One machine-readable line for bench/run.sh, beside wrk's own report.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, non2xx, errors))
end
