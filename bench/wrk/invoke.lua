-- bench/mqtt.sh's HTTP side: POST one body with its Content-Type (no Accept: the model's default answer, as the
-- MQTT side gets), over and over; counts every answer that is not a 200.
--
--   wrk ... -s bench/wrk/invoke.lua URL -- BODY_FILE MEDIA_TYPE
--
-- Prints one line the benchmark reads: EDGESERVE-BENCH requests=... p50_us=... non200=...

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non200 = 0
   local file = assert(io.open(args[1], "rb"))
   local body = file:read("*a")
   file:close()
   prepared = wrk.format("POST", nil, {["Content-Type"] = args[2]}, body)
end

function request()
   return prepared
end

function response(status, headers, body)
   if status ~= 200 then
      non200 = non200 + 1
   end
end

function done(summary, latency, requests)
   local non200Total = 0
   for _, thread in ipairs(threads) do
      non200Total = non200Total + thread:get("non200")
   end
   local errors = summary.errors
   io.write(string.format("EDGESERVE-BENCH requests=%d duration_us=%d p50_us=%d non200=%d socket_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), non200Total,
      errors.connect + errors.read + errors.write + errors.timeout))
end
