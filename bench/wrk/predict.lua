-- wrk script: POST one real held-out diamond per request, cycling through the rows file.
--   FACET_WRK_ROWS=bench/target/wrk-rows.lua wrk -t2 -c64 -d20s --latency -s bench/wrk/predict.lua http://127.0.0.1:8080/predict
local rows = dofile(os.getenv("FACET_WRK_ROWS") or "bench/target/wrk-rows.lua")
local i = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function setup(thread)
  thread:set("offset", math.random(#rows))
end

function init(args)
  -- each thread starts at its own row so threads do not send the same sequence
  i = offset or 0
end

function request()
  i = i % #rows + 1
  return wrk.format(nil, nil, nil, rows[i])
end
