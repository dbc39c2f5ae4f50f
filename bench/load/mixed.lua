-- wrk script for bench/load/run.sh: a signed-in script's mix of requests against `borough serve`.
-- Every request carries the API token (Authorization: Bearer); pages ignore it. Per 10 requests:
-- 4 × job status, 2 × job list, 2 × the workbench page, 2 × its assets (round robin over them).
-- Environment: BOROUGH_LOAD_TOKEN, BOROUGH_LOAD_JOB, BOROUGH_LOAD_ASSETS (space-separated paths).

local token = os.getenv("BOROUGH_LOAD_TOKEN") or ""
local job = os.getenv("BOROUGH_LOAD_JOB") or ""
local assets = {}
for path in string.gmatch(os.getenv("BOROUGH_LOAD_ASSETS") or "", "%S+") do
    assets[#assets + 1] = path
end
if #assets == 0 then assets[1] = "/" end

wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json, text/html;q=0.9, */*;q=0.8"

local plan = {"job", "list", "job", "page", "asset", "job", "list", "page", "job", "asset"}
local n = 0
local a = 0

function request()
    n = n + 1
    local kind = plan[(n - 1) % #plan + 1]
    local path
    if kind == "job" then
        path = "/api/v1/jobs/" .. job
    elseif kind == "list" then
        path = "/api/v1/jobs?limit=20"
    elseif kind == "page" then
        path = "/"
    else
        a = a + 1
        path = assets[(a - 1) % #assets + 1]
    end
    return wrk.format("GET", path)
end
