-- Heartbeats of registered nodes: POST /v1/nodes/{id}/heartbeat (run.sh probes for it first).
-- Usage: wrk ... -s heartbeat.lua http://127.0.0.1:PORT -- FILE METHOD PATH_TEMPLATE THREADS
-- PATH_TEMPLATE holds {id}, such as /v1/nodes/{id}/heartbeat. FILE has one node per line, either
-- "id token report" (heartbeats.txt: the node's report as a template, written by heartbeats.py) or
-- "child content token" (pairs-auth.txt: no body). A report's @SEQ@ becomes the heartbeat's number, which
-- grows per node from one run to the next, and @BYTES@ the bytes received so far. Each of the THREADS wrk
-- threads beats its own share of the nodes, so that a node's numbers are sent in order.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local heads, bodies, sequences = {}, {}, {}
local method = "POST"
local base = 0
statuses = {}

setup = report.setup
done = report.done

-- A report template cut at its @SEQ@ and @BYTES@ markers: text, marker, text, ... (filled by fill()).
local function pieces(template)
   local parts, at = {}, 1
   while true do
      local s, e, marker = template:find("@(%u+)@", at)
      if not s then break end
      parts[#parts + 1] = template:sub(at, s - 1)
      parts[#parts + 1] = marker
      at = e + 1
   end
   parts[#parts + 1] = template:sub(at)
   return parts
end

local function fill(parts, seq)
   local out = {}
   for k = 1, #parts do
      local part = parts[k]
      if k % 2 == 1 then
         out[k] = part
      elseif part == "SEQ" then
         out[k] = string.format("%d", base + seq)
      else
         out[k] = string.format("%d", seq * 1250000)
      end
   end
   return table.concat(out)
end

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
         local path = template:gsub("{id}", id)
         local h = { ["Content-Type"] = "application/json" }
         if token ~= "" then
            h["Authorization"] = "Bearer " .. token
         end
         -- The request line and headers are formatted once; each request adds its length and body.
         heads[#heads + 1] = wrk.format(method, path, h):sub(1, -3)
         bodies[#bodies + 1] = body and pieces(body) or nil
         sequences[#sequences + 1] = 0
      end
   end
   -- Above every number sent by an earlier run (runs are at least a second apart, and send fewer than 10,000 per node).
   base = os.time() * 10000
   math.randomseed(os.time() * 1000 + thread_index)
end

function request()
   local i = math.random(#heads)
   local parts = bodies[i]
   if not parts then
      return heads[i] .. "\r\n"
   end
   local seq = sequences[i] + 1
   sequences[i] = seq
   local body = fill(parts, seq)
   return heads[i] .. "Content-Length: " .. #body .. "\r\n\r\n" .. body
end

-- No response() callback: it would cost wrk a Lua call and a copy of each answer, on the cores the service
-- runs on; answers are counted by class (report.lua), from wrk's own count of the statuses above 399.
