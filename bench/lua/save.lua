-- wrk script: saves projects through the API (PUT …/projects/{id}), as clerks racing on a
-- deadline would. Thread i saves project ids[i % #ids + 1]; two threads share each project,
-- so some saves find the project changed first and must be refused with 409. Each thread
-- keeps the version it last read (from a 200's body, or a 409's current_version) and counts
-- what it was answered; `done` prints the counts for the Python side, which compares them
-- with the versions stored.
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("n", counter)
  table.insert(threads, thread)
end

function init(args)
  base = args[1]            -- /api/v1/tables/2025/<department>/projects/
  token = args[2]
  ids = {}
  for id in string.gmatch(args[3], "[^,]+") do table.insert(ids, id) end
  project = ids[(n - 1) % #ids + 1]
  version = tonumber(args[4 + (n - 1) % #ids])
  saved, conflicts, other, sent = 0, 0, 0, 0
end

function request()
  sent = sent + 1
  local body = string.format(
    '{"version":%d,"name":"基准项目%s","amounts_fen":{"fiscal":%d,"special":0,"other":0},"goal":"线程 %d 第 %d 次保存",' ..
    '"indicators":[{"level1":"1-产出指标","level2":"11-数量指标","name":"培训人数","period":"≥%d人","annual":"≥%d人"}]}',
    version, project, 100000 + sent, n, sent, sent, sent)
  return wrk.format("PUT", base .. project, {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 200 then
    saved = saved + 1
    version = tonumber(string.match(body, '"version"%s*:%s*(%d+)'))
  elseif status == 409 then
    conflicts = conflicts + 1
    version = tonumber(string.match(body, '"current_version"%s*:%s*(%d+)'))
  else
    other = other + 1
  end
end

-- One line a thread: project, saves answered 200, refused 409, anything else, and sent
-- (one more than answered when wrk stopped with a save on the way: it may have been stored).
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("thread %s %d %d %d %d\n", thread:get("project"), thread:get("saved"), thread:get("conflicts"),
                           thread:get("other"), thread:get("sent")))
  end
end
