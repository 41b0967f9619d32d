-- The article page's view beacon (src/web/client/views.ts): POST /api/views/:id without a body,
-- same-site, from a browser. Each request is a different reader (X-Forwarded-For from a
-- counter; nginx or the app's trustProxy takes it), so the 30-minute dedup does not turn the
-- load into no-ops. Arguments: the first reader number, then the article ids to spread over.
local ids = {}
local n = 0
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 13; V2250A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
}

init = function(args)
  n = tonumber(args[1]) or 0
  for i = 2, #args do ids[#ids + 1] = args[i] end
end

request = function()
  n = n + 1
  local headers = {
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256),
    ["User-Agent"] = agents[(n % #agents) + 1],
    ["Sec-Fetch-Site"] = "same-origin",
    ["Content-Length"] = "0",
  }
  return wrk.format("POST", "/api/views/" .. ids[(n % #ids) + 1], headers, nil)
end
