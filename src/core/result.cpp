#include "core/result.h"

#include <cstdio>

namespace borough {

std::string_view to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidInput: return "invalid_input";
        case ErrorCode::NotFound: return "not_found";
        case ErrorCode::Conflict: return "conflict";
        case ErrorCode::Unauthenticated: return "unauthenticated";
        case ErrorCode::PermissionDenied: return "permission_denied";
        case ErrorCode::ResourceExhausted: return "resource_exhausted";
        case ErrorCode::Unavailable: return "unavailable";
        case ErrorCode::Cancelled: return "cancelled";
        case ErrorCode::DeadlineExceeded: return "deadline_exceeded";
        case ErrorCode::ModelOutputInvalid: return "model_output_invalid";
        case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

std::string Error::describe() const {
    if (field.empty()) return message;
    return message + " (" + field + ")";
}

void assert_fail(const char* cond, const char* why, const char* file, int line) {
    std::fprintf(stderr, "borough: assertion failed at %s:%d: %s (%s)\n", file, line, cond, why);
    std::fflush(stderr);
    std::abort();
}

}  // namespace borough
