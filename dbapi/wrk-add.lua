-- wrk script: POST /add with a unique Idempotency-Key per request (see BENCHMARKS.md, "Saver").
-- Usage: wrk -t2 -c800 -d15s -s dbapi/wrk-add.lua http://127.0.0.1:8080/
local counter = 0

local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(os.time() + tid)
  prefix = "wrk-" .. tid .. "-" .. math.random(1, 1000000000) .. "-"
end
request = function()
  counter = counter + 1
  local id = prefix .. counter
  local body = '{"id":"' .. id .. '","hash":"$2a$04$abcdefghijklmnopqrstuuCw7bOmGJnKv4H8ZxKCn6fL4dY1ZB0mS","difficulty":4}'
  return wrk.format("POST", "/add", {["Content-Type"] = "application/json", ["Idempotency-Key"] = id}, body)
end
