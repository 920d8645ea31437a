-- One request, sent over and over by every wrk connection, and a check of every answer.
--
--   wrk ... -s bench/wrk/request.lua URL -- METHOD [BODY_FILE MEDIA_TYPE [TARGET_MODEL]]
--
-- The body file is sent as it is (binary .npy included), with MEDIA_TYPE as both Content-Type and Accept.
-- wrk itself only counts statuses of 400 and above; this counts every answer that is not a 200, so that a
-- benchmark whose requests were refused cannot pass for a fast one. At the end it prints one line that the
-- benchmark reads: EDGESERVE-BENCH key=value ... (latencies in microseconds).

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non200 = 0
   local method = args[1] or "GET"
   local headers = {}
   local body = nil
   if args[2] ~= nil and args[2] ~= "" then
      local file = assert(io.open(args[2], "rb"))
      body = file:read("*a")
      file:close()
      headers["Content-Type"] = args[3]
      headers["Accept"] = args[3]
   end
   if args[4] ~= nil and args[4] ~= "" then
      headers["X-Amzn-SageMaker-Target-Model"] = args[4]
   end
   -- Built once: formatting a request per call would make wrk, not the server, the bottleneck.
   prepared = wrk.format(method, nil, headers, body)
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
   io.write(string.format(
      "EDGESERVE-BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d mean_us=%.1f max_us=%d non200=%d socket_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
      non200Total, errors.connect + errors.read + errors.write, errors.timeout))
end
