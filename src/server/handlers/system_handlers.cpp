// /healthz, /metrics and /api/v1/openapi.json.
#include "server/call.h"
#include "server/handlers/handlers.h"
#include "server/metrics.h"
#include "server/openapi.h"

namespace borough::server::handlers {

Status healthz(Call& call) {
    auto jobs = job_store(call);
    if (!jobs) {
        reply_json(call, 503, Json{{"status", "unavailable"}, {"version", call.state.config.version}});
        return {};
    }
    reply_json(call, 200, Json{{"status", "ok"}, {"version", call.state.config.version}});
    return {};
}

Status metrics(Call& call) {
    call.res.status = 200;
    call.res.set_content(render_metrics(call.state.deps.runner.stats(), call.state.http),
                         "text/plain; version=0.0.4; charset=utf-8");
    return {};
}

Status openapi(Call& call) {
    reply_json(call, 200, openapi_document(routes(), call.state.config.version));
    return {};
}

}  // namespace borough::server::handlers
