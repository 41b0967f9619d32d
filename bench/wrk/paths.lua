-- GET a list of paths in turn (one per line in the file named by the first argument): many
-- distinct article pages rather than one, so caches in front of the renderer mostly miss.
local paths = {}
local n = 0

init = function(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  -- wrk starts each thread's counter at a different place when given one.
  n = tonumber(args[2]) or 0
end

request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], nil, nil)
end
