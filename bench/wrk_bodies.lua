-- wrk script: POSTs pre-signed webhook bodies from a file (one `signature<TAB>body` a line, written
-- by bench/bodies.py), thread k of n taking lines k, k+n, ... so no body is sent twice.
--   wrk -t N -c C -d D --latency -s bench/wrk_bodies.lua URL -- FILE N RATE MODE
-- RATE > 0 paces each thread at RATE/N requests per second with delay() (wrk has no rate option;
-- latency counts from the moment a request is written, after its delay).
-- MODE `loop` wraps around when the file runs out (counted as `wrapped`); `once` sends each body once
-- and stops the thread when every one has been answered (end-to-end runs); its idle connections
-- then count as wrk `timeout` errors, so those are not errors in this mode.
-- done() prints one JSON line that bench/wrk.py reads.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]])
local ts = ffi.new("bench_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", counter)
    table.insert(threads, thread)
    counter = counter + 1
end

function init(args)
    local file, nthreads, rate = args[1], tonumber(args[2]), tonumber(args[3])
    once = args[4] == "once"
    requests, reserved, issued, answered, wrapped, non2xx = {}, 0, 0, 0, 0, 0
    local i = 0
    for line in io.lines(file) do
        if i % nthreads == id then
            local tab = line:find("\t", 1, true)
            local headers = {
                ["Content-Type"] = "application/json",
                ["X-Hub-Signature-256"] = line:sub(1, tab - 1),
            }
            requests[#requests + 1] = wrk.format("POST", "/webhook", headers, line:sub(tab + 1))
        end
        i = i + 1
    end
    period = rate > 0 and 1000 * nthreads / rate or 0
    next_at = now_ms()
    if period == 0 and not once then
        delay = nil
    end
    if not once then
        response = nil -- wrk then skips parsing headers and bodies
    end
end

-- Called once before each request (the first of a connection too): a request is reserved here, so
-- that connections waiting on their delay together cannot overshoot the end of the file.
function delay()
    reserved = reserved + 1
    if once and reserved > #requests then
        return 3600000 -- all sent: this connection idles until the thread stops
    end
    if period == 0 then
        return 0
    end
    -- Each call takes the thread's next send slot; a late thread does not burst to catch up.
    local t = now_ms()
    if next_at < t then
        next_at = t
    end
    local wait = next_at - t
    next_at = next_at + period
    return math.floor(wait)
end

function request()
    if delay ~= nil and reserved == 0 then
        return requests[1] -- wrk's check of the script before the run: no body is used up
    end
    issued = issued + 1
    if issued > #requests then
        wrapped = wrapped + 1
    end
    return requests[(issued - 1) % #requests + 1]
end

function response(status, headers, body)
    answered = answered + 1
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
    if answered == #requests then
        -- wrk's main thread sleeps for the whole -d: bench/wrk.py interrupts it once all threads are done.
        io.write("BENCH_THREAD_DONE\n")
        io.flush()
        wrk.thread:stop()
    end
end

function done(summary, latency, requests)
    local wrapped_total, non2xx_total = 0, 0
    for _, thread in ipairs(threads) do
        wrapped_total = wrapped_total + thread:get("wrapped")
        non2xx_total = non2xx_total + thread:get("non2xx")
    end
    local e = summary.errors
    io.write(string.format(
        '\nBENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
            .. '"max_us": %d, "status_errors": %d, "non2xx": %d, "socket_errors": %d, "timeouts": %d, '
        .. '"wrapped": %d}\n',
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max, e.status, non2xx_total, e.connect + e.read + e.write,
        e.timeout, wrapped_total
    ))
end
