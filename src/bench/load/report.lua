-- Shared by the load scripts: per-thread status counts and a one-line machine-readable result with
-- the latency percentiles wrk keeps (in microseconds), including p99.9.
local report = {}
local threads = {}

function report.setup(thread)
   thread:set("thread_index", #threads + 1)
   table.insert(threads, thread)
end

function report.count(key)
   statuses[key] = (statuses[key] or 0) + 1
end

function report.done(summary, latency, requests)
   local total, keys = {}, {}
   for _, thread in ipairs(threads) do
      for key, n in pairs(thread:get("statuses") or {}) do
         key = tostring(key)
         if total[key] == nil then table.insert(keys, key) end
         total[key] = (total[key] or 0) + n
      end
   end
   table.sort(keys)
   if #keys == 0 and summary.requests > 0 then
      -- A script without a response() callback (which costs the load tool a Lua call and a copy of every
      -- answer) counts answers by class only, from wrk's own count of the statuses above 399.
      total = { ["2xx-3xx"] = summary.requests - summary.errors.status, ["4xx-5xx"] = summary.errors.status }
      keys = { "2xx-3xx", "4xx-5xx" }
   end
   local parts = {}
   for _, key in ipairs(keys) do table.insert(parts, key .. ":" .. total[key]) end
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f "
         .. "statuses=%s socket_errors=%d timeouts=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000,
      table.concat(parts, ","), e.connect + e.read + e.write, e.timeout))
end

return report
