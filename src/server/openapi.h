// GET /api/v1/openapi.json, generated from the route table so the document cannot drift from what
// the server dispatches: every route with its method, path parameters, permission (x-permission) and
// summary, plus the shared error schema.
#pragma once

#include <span>
#include <string_view>

#include "core/json.h"
#include "server/routes.h"

namespace borough::server {

[[nodiscard]] Json openapi_document(std::span<const Route> routes, std::string_view version);

}  // namespace borough::server
