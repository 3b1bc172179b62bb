-- wrk script for the ingest benchmark: POST /v1/events with a distinct event per request.
--
--   BENCH_KEY=<api key> BENCH_RUN=<run tag> wrk -t2 -c64 -d20s --latency -s bench/ingest.lua URL
--
-- Environment:
--   BENCH_KEY    API key sent as "Authorization: Bearer <key>" (omit for the nginx reference)
--   BENCH_RUN    tag that makes event ids unique across runs (default: current time)
--   BENCH_LIMIT  stop each thread after this many responses (0 = run for the whole -d)
--
-- Event ids are "evt-<run>-<thread>-<counter>": unique per request, so Herald answers 202
-- (a repeated id would be a duplicate, answered 200). Connections are keep-alive (wrk's default).
-- done() prints machine-readable "BENCH <name> <value>" lines that bench/run.sh parses.

local key = os.getenv("BENCH_KEY") or ""
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local limit = tonumber(os.getenv("BENCH_LIMIT") or "0") or 0

-- Globals shared with setup()/done() through thread:get/set (they must not be locals).
tid = 0
counter = 0
responses = 0
statuses = {}

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.path = "/v1/events"
  wrk.headers["Content-Type"] = "application/json"
  if key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
end

function request()
  counter = counter + 1
  local n = run .. "-" .. tid .. "-" .. counter
  local body = '{"id":"evt-' .. n .. '","type":"ORDER_PLACED",' ..
               '"order":{"id":"O-' .. n .. '","number":"K-' .. n .. '"},' ..
               '"customer":{"id":"C-1","name":"Sara","email":"sara@test.no","locale":"en"}}'
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  local k = tostring(status)
  statuses[k] = (statuses[k] or 0) + 1
  responses = responses + 1
  if limit > 0 and responses >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local agg, sent, ok = {}, 0, 0
  for _, t in ipairs(threads) do
    sent = sent + (t:get("counter") or 0)
    for code, n in pairs(t:get("statuses") or {}) do agg[code] = (agg[code] or 0) + n end
  end
  for code, n in pairs(agg) do
    io.write(string.format("BENCH status_%s %d\n", code, n))
    local c = tonumber(code)
    if c >= 200 and c < 300 then ok = ok + n end
  end
  local secs = summary.duration / 1e6
  io.write(string.format("BENCH requests_generated %d\n", sent))
  io.write(string.format("BENCH responses %d\n", summary.requests))
  io.write(string.format("BENCH ok_2xx %d\n", ok))
  io.write(string.format("BENCH duration_s %.3f\n", secs))
  io.write(string.format("BENCH ok_per_s %.1f\n", ok / secs))
  io.write(string.format("BENCH p50_ms %.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH p90_ms %.3f\n", latency:percentile(90) / 1000))
  io.write(string.format("BENCH p99_ms %.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("BENCH max_ms %.3f\n", latency.max / 1000))
  local e = summary.errors
  io.write(string.format("BENCH errors connect=%d read=%d write=%d status=%d timeout=%d\n",
                         e.connect, e.read, e.write, e.status, e.timeout))
end
