// The `borough` command's exit codes: one function maps ErrorCode to an exit status (docs/cli.md).
#pragma once

#include "core/result.h"

namespace borough::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;          // bad command line or configuration
inline constexpr int kExitAuditBroken = 10;   // `audit verify` found tampering

// 1 internal, 3 invalid input, 4 not found, 5 unavailable / deadline, 6 model output invalid,
// 7 cancelled, 8 permission / authentication, 9 resource exhausted, 11 conflict.
int exit_code(ErrorCode code);

// Prints "borough: <message>" on stderr and returns exit_code(e.code): how every command fails.
int report(const Error& e);

}  // namespace borough::cli
