#include "server/openapi.h"

#include <string>

#include "core/strings.h"

namespace borough::server {

namespace {

Json error_response(std::string_view description) {
    return Json{{"description", description},
                {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

Json parameters_of(std::string_view path) {
    Json params = Json::array();
    std::size_t pos = 0;
    while ((pos = path.find('{', pos)) != std::string_view::npos) {
        const std::size_t end = path.find('}', pos);
        if (end == std::string_view::npos) break;
        params.push_back({{"name", std::string(path.substr(pos + 1, end - pos - 1))},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
        pos = end + 1;
    }
    return params;
}

}  // namespace

Json openapi_document(std::span<const Route> routes, std::string_view version) {
    Json paths = Json::object();
    for (const Route& route : routes) {
        Json op{{"summary", route.summary}, {"x-permission", std::string(to_string(route.permission))}};
        Json params = parameters_of(route.path);
        if (!params.empty()) op["parameters"] = std::move(params);
        if (route.method == "POST" || route.method == "PUT" || route.method == "PATCH") {
            op["requestBody"] = {{"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
        }
        Json responses{{"200", {{"description", "success"}}}};
        if (route.permission != Permission::Public) {
            responses["401"] = error_response("not signed in");
            responses["403"] = error_response("the role lacks the permission, or the CSRF token is missing");
        }
        responses["default"] = error_response("an error");
        op["responses"] = std::move(responses);
        if (route.permission != Permission::Public) {
            op["security"] = Json::array({Json{{"session", Json::array()}}, Json{{"bearer", Json::array()}}});
        }
        paths[std::string(route.path)][ascii_lower(route.method)] = std::move(op);
    }
    const Json error_schema{
        {"type", "object"},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"properties",
             {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}, {"field", {{"type", "string"}}}}}}}}}};
    const Json security{{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "borough_session"}}},
                        {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}};
    Json doc = Json::object();
    doc["openapi"] = "3.0.3";
    doc["info"] = {{"title", "borough API"}, {"version", version}, {"description", "See docs/api.md."}};
    doc["paths"] = std::move(paths);
    doc["components"] = {{"securitySchemes", security}, {"schemas", {{"Error", error_schema}}}};
    return doc;
}

}  // namespace borough::server
