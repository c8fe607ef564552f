-- HTTP announces to a BitTorrent tracker for (peer, torrent) pairs drawn at random from a file of
-- "peer_id url-encoded-info_hash port" lines: the same pairs as the allocation load.
-- Usage: wrk ... -s announce.lua http://127.0.0.1:PORT -- tracker-pairs.txt [numwant]
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local report = require("report")
local paths = {}
statuses = {}

setup = report.setup
done = report.done

function init(args)
   local numwant = args[2] or "4"
   for line in io.lines(args[1]) do
      local peer, hash, port = line:match("^(%S+) (%S+) (%S+)$")
      paths[#paths + 1] = "/announce?info_hash=" .. hash .. "&peer_id=" .. peer .. "&port=" .. port
         .. "&uploaded=0&downloaded=0&left=1000000&compact=1&numwant=" .. numwant
   end
   math.randomseed(os.time() * 1000 + thread_index)
end

function request()
   return wrk.format("GET", paths[math.random(#paths)])
end

-- A tracker answers its errors with 200 and a bencoded "failure reason": those are counted apart.
function response(status, headers, body)
   if status == 200 and body:find("failure reason", 1, true) then
      report.count("failure")
   else
      report.count(status)
   end
end
