// The route table: one entry per API route (method, path, permission, handler, summary), defined on
// one screen in routes.cpp. The server dispatches from it and openapi.cpp documents from it, so the
// two cannot drift.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "server/auth.h"

namespace borough::server {

struct Call;
using HandlerFn = Status (*)(Call& call);

struct Route {
    std::string_view method;  // GET, POST, PUT, PATCH, DELETE
    std::string_view path;    // "/api/v1/jobs/{id}": literal segments and {name} parameters
    Permission permission;
    HandlerFn handler;
    std::string_view summary;  // one line, for the OpenAPI document
};

// Every route of docs/api.md, in match order.
[[nodiscard]] std::span<const Route> routes();

// Matches a decoded request path against a route path: the parameter values in order, or nullopt.
// A parameter matches one non-empty segment.
[[nodiscard]] std::optional<std::vector<std::string>> match_path(std::string_view pattern, std::string_view path);

}  // namespace borough::server
