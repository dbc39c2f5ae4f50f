#include "cli/exit_code.h"

#include <cstdio>

namespace borough::cli {

int exit_code(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidInput: return 3;
        case ErrorCode::NotFound: return 4;
        case ErrorCode::Unavailable:
        case ErrorCode::DeadlineExceeded: return 5;
        case ErrorCode::ModelOutputInvalid: return 6;
        case ErrorCode::Cancelled: return 7;
        case ErrorCode::Unauthenticated:
        case ErrorCode::PermissionDenied: return 8;
        case ErrorCode::ResourceExhausted: return 9;
        case ErrorCode::Conflict: return 11;
        case ErrorCode::Internal: return 1;
    }
    return 1;
}

int report(const Error& e) {
    std::fprintf(stderr, "borough: %s\n", e.message.c_str());
    return exit_code(e.code);
}

}  // namespace borough::cli
