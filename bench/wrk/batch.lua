-- wrk script: POST batches of FACET_WRK_BATCH (default 1000) real held-out diamonds to /predict/batch.
--   FACET_WRK_ROWS=bench/target/wrk-rows.lua FACET_WRK_BATCH=1000 wrk -t2 -c8 -d20s --latency -s bench/wrk/batch.lua http://127.0.0.1:8080/predict/batch
local rows = dofile(os.getenv("FACET_WRK_ROWS") or "bench/target/wrk-rows.lua")
local size = tonumber(os.getenv("FACET_WRK_BATCH") or "1000")
local bodies = {}
local i = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  -- distinct batches built once per thread, so building bodies costs nothing during the run
  local start = 1
  while start + size - 1 <= #rows and #bodies < 8 do
    bodies[#bodies + 1] = "[" .. table.concat(rows, ",", start, start + size - 1) .. "]"
    start = start + size
  end
  assert(#bodies > 0, "need at least " .. size .. " rows")
end

function request()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
