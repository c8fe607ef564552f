-- Heartbeats of registered nodes: POST /v1/nodes/{id}/heartbeat (run.sh probes for it first).
-- Usage: wrk ... -s heartbeat.lua http://127.0.0.1:PORT -- FILE METHOD PATH_TEMPLATE THREADS
-- PATH_TEMPLATE holds {id}, such as /v1/nodes/{id}/heartbeat. FILE has one node per line, either
-- "id token report" (heartbeats.txt: the node's report as a template, written by heartbeats.py) or
-- "child content token" (pairs-auth.txt: no body). A report's @SEQ@ becomes the heartbeat's number, which
-- grows per node from one run to the next, and @BYTES@ the bytes received so far. Each of the THREADS wrk
-- threads beats its own share of the nodes, so that a node's numbers are sent in order.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local paths, headers, bodies, sequences = {}, {}, {}, {}
local method = "POST"
local base = 0
statuses = {}

setup = report.setup
done = report.done

function init(args)
   method = args[2] or method
   local template = args[3] or "/v1/nodes/{id}/heartbeat"
   local threads = tonumber(args[4] or "1")
   local n = 0
   for line in io.lines(args[1]) do
      n = n + 1
      if (n - 1) % threads == thread_index - 1 then
         local id, second, third = line:match("^(%S+) (%S+) ?(.*)$")
         local token, body = third, nil
         if third:sub(1, 1) == "{" then
            token, body = second, third
         end
         paths[#paths + 1] = template:gsub("{id}", id)
         local h = { ["Content-Type"] = "application/json" }
         if token ~= "" then
            h["Authorization"] = "Bearer " .. token
         end
         headers[#headers + 1] = h
         bodies[#bodies + 1] = body
         sequences[#sequences + 1] = 0
      end
   end
   -- Above every number sent by an earlier run (runs are at least a second apart, and send fewer than 10,000 per node).
   base = os.time() * 10000
   math.randomseed(os.time() * 1000 + thread_index)
end

function request()
   local i = math.random(#paths)
   local body = bodies[i]
   if body then
      local seq = sequences[i] + 1
      sequences[i] = seq
      body = body:gsub("@SEQ@", string.format("%d", base + seq)):gsub("@BYTES@", string.format("%d", seq * 1250000))
   end
   return wrk.format(method, paths[i], headers[i], body)
end

function response(status, headers, body)
   report.count(status)
end
