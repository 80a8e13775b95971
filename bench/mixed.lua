-- mixed.lua — wrk script for the load test (bench/load.sh): per 20 requests
-- 14 roster lists with rotating filters, 3 reads of one person, 2 new
-- people (unique names and GB 11643 ID numbers: each wrk thread has its own
-- region code), 1 PATCH of a person's notes. Bearer token from
-- $CADRE_TOKEN. A request that deserves an error is not sent, so every
-- non-2xx answer counts as an error.

local token = os.getenv("CADRE_TOKEN") or ""
local people = tonumber(os.getenv("LOAD_PEOPLE") or "100000")
-- setup() runs in the main Lua state; `tno` is set as a global in each
-- thread's own state (a local here would hide it).
local setup_count = 0

function setup(thread)
  setup_count = setup_count + 1
  thread:set("tno", setup_count)
end

local lists = {
  "unit_id=1&include_sub=true&sort=strokes", "rank=04&sort=strokes", "age_min=30&age_max=40&page=3",
  "q=wj", "q=zh&sort=strokes", "unit_id=6&include_sub=true&rank=08", "gender=2&party=01&page=2",
  "education=21&sort=-age", "q=%E7%8E%8B", "status=1&per_page=50&page=7", "post_level=5A",
  "unit_id=11", "sort=pinyin&page=100", "age_min=50",
}
local weights = { 4, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 }
local checks = "10X98765432"

local function id_number(head17)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(head17:sub(i, i)) * ({7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2})[i] end
  local k = sum % 11 + 1
  return head17 .. checks:sub(k, k)
end

local counter = 0
local made = 0
local statuses = {}

-- Counts answers by status; the first few error bodies are kept.
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 300 and (statuses[status] <= 2) then
    io.write("status " .. status .. ": " .. body:sub(1, 300) .. "\n")
  end
end

request = function()
  counter = counter + 1
  local auth = { ["Authorization"] = "Bearer " .. token }
  local slot = counter % 20
  if slot < 14 then
    return wrk.format("GET", "/api/v1/people?" .. lists[(counter % #lists) + 1], auth)
  elseif slot < 17 then
    return wrk.format("GET", "/api/v1/people/" .. math.random(1, people), auth)
  elseif slot < 19 then
    made = made + 1
    -- A distinct birth day per person of this thread, and the thread's own
    -- region (5xxxxx: none of the demo's), so ID numbers never repeat.
    local day = made % 9000
    local t = os.time({ year = 1965, month = 1, day = 1 + day, hour = 12 })
    local birth = os.date("%Y-%m-%d", t)
    local seq = string.format("%03d", (math.floor(made / 9000) * 2 + 1) % 1000)
    local head = string.format("5%02d%03d", (tno or 0) % 100, 101) .. birth:gsub("-", "") .. seq
    local body = string.format(
      '{"name":"压测%d号%d","gender":"1","birth_date":"%s","ethnicity":"01","id_number":"%s","status":"1","unit_id":%d}',
      tno or 0, made, birth, id_number(head), 2 + made % 20)
    auth["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/people", auth, body)
  else
    auth["Content-Type"] = "application/json"
    return wrk.format("PATCH", "/api/v1/people/" .. math.random(1, people), auth,
      '{"notes":"压测修改' .. counter .. '"}')
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non2xx=%d errors=%d timeouts=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.errors.status, errors, summary.errors.timeout))
end
