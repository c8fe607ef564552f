-- POST /v1/allocations for (child, content) pairs drawn at random from a file of "child content" lines.
-- Usage: wrk ... -s allocate.lua http://127.0.0.1:PORT -- pairs.txt
-- A line may end with the child's node token ("child content token", pairs-auth.txt): the request then carries it.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local bodies = {}
local headers = {}
statuses = {}

setup = report.setup
done = report.done

function init(args)
   for line in io.lines(args[1]) do
      local child, content, token = line:match("^(%S+) (%S+) ?(%S*)$")
      bodies[#bodies + 1] = string.format('{"nodeId":"%s","contentId":"%s"}', child, content)
      local h = { ["Content-Type"] = "application/json" }
      if token ~= "" then
         h["Authorization"] = "Bearer " .. token
      end
      headers[#headers + 1] = h
   end
   math.randomseed(os.time() * 1000 + thread_index)
end

function request()
   local i = math.random(#bodies)
   return wrk.format("POST", "/v1/allocations", headers[i], bodies[i])
end

-- 201 allocated (or partial), 422 no eligible parent (a valid policy answer, recorded all the same),
-- 503 overloaded (the journal's queue is full): every status is counted.
function response(status, headers, body)
   report.count(status)
end
