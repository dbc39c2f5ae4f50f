#include "server/http_error.h"

#include "core/json.h"

namespace borough::server {

int http_status(const Error& error) {
    switch (error.code) {
        case ErrorCode::InvalidInput:
            return error.field == "Content-Type" ? 415 : 400;
        case ErrorCode::Unauthenticated:
            return 401;
        case ErrorCode::PermissionDenied:
            return 403;
        case ErrorCode::NotFound:
            return 404;
        case ErrorCode::Conflict:
            return 409;
        case ErrorCode::ResourceExhausted:
            return error.field == "body" || error.field == "file" ? 413 : 429;
        case ErrorCode::Cancelled:
            return 409;
        case ErrorCode::DeadlineExceeded:
            return 504;
        case ErrorCode::Unavailable:
            return 503;
        case ErrorCode::ModelOutputInvalid:
            return 502;
        case ErrorCode::Internal:
            return 500;
    }
    return 500;
}

std::string_view api_code(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidInput:
            return "InvalidInput";
        case ErrorCode::NotFound:
            return "NotFound";
        case ErrorCode::Conflict:
            return "Conflict";
        case ErrorCode::Unauthenticated:
            return "Unauthenticated";
        case ErrorCode::PermissionDenied:
            return "PermissionDenied";
        case ErrorCode::ResourceExhausted:
            return "ResourceExhausted";
        case ErrorCode::Unavailable:
            return "Unavailable";
        case ErrorCode::Cancelled:
            return "Cancelled";
        case ErrorCode::DeadlineExceeded:
            return "DeadlineExceeded";
        case ErrorCode::ModelOutputInvalid:
            return "ModelOutputInvalid";
        case ErrorCode::Internal:
            return "Internal";
    }
    return "Internal";
}

std::string error_body(const Error& error) {
    return dump_json(Json{
        {"error", {{"code", std::string(api_code(error.code))}, {"message", error.message}, {"field", error.field}}}});
}

}  // namespace borough::server
