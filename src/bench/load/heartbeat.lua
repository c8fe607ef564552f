-- Heartbeats of registered nodes: POST /v1/nodes/{id}/heartbeat without a body (run.sh probes for it first).
-- Usage: wrk ... -s heartbeat.lua http://127.0.0.1:PORT -- pairs.txt METHOD PATH_TEMPLATE
-- PATH_TEMPLATE holds {id}, such as /v1/nodes/{id}/heartbeat. A line that ends with the node's token
-- ("child content token", pairs-auth.txt) sends it.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local paths = {}
local headers = {}
local method = "POST"
statuses = {}

setup = report.setup
done = report.done

function init(args)
   method = args[2] or method
   local template = args[3] or "/v1/nodes/{id}/heartbeat"
   for line in io.lines(args[1]) do
      local child, token = line:match("^(%S+) %S+ ?(%S*)$")
      paths[#paths + 1] = template:gsub("{id}", child)
      local h = { ["Content-Type"] = "application/json" }
      if token ~= "" then
         h["Authorization"] = "Bearer " .. token
      end
      headers[#headers + 1] = h
   end
   math.randomseed(os.time() * 1000 + thread_index)
end

function request()
   local i = math.random(#paths)
   return wrk.format(method, paths[i], headers[i])
end

function response(status, headers, body)
   report.count(status)
end
