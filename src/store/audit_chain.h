// The audit hash chain shared by every JobStore implementation: the canonical serialisation that is
// hashed, and a streaming verifier that finds the first edited, inserted or deleted entry.
// Pure functions over strings; no database types appear here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/job_store.h"

namespace borough::store {

// prev_hash of the first entry (seq 1): 64 zeros.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The hashed fields of one entry. detail_json is the exact compact JSON text that is stored.
struct AuditFields {
    std::int64_t seq = 0;
    std::string_view at;
    std::string_view actor;
    std::string_view action;
    std::string_view subject;
    std::string_view detail_json;
    std::string_view prev_hash;
};

// "borough.audit.v1\n" then, for seq, at, actor, action, subject, detail_json, prev_hash in that order,
// "<byte length>:<bytes>\n" (seq in decimal). Length prefixes make the encoding unambiguous, so no two
// different entries serialise to the same text. Changing this breaks every existing chain.
std::string audit_canonical_text(const AuditFields& fields);

// Lower-case hex sha256 of audit_canonical_text(fields).
std::string audit_hash(const AuditFields& fields);

// Feed entries in ascending seq order; stops at the first problem. Not thread-safe.
// Detects: an edited entry (its hash does not match), a deleted entry (a seq gap, or a broken link
// after renumbering), an inserted entry (a broken link or hash). It can NOT detect a truncated tail:
// removing the newest entries leaves a valid, shorter chain. Anchor the latest hash elsewhere for that.
class AuditChainVerifier {
public:
    // Returns false once a problem has been found; later calls are ignored.
    bool add(const AuditFields& fields, std::string_view stored_hash);
    [[nodiscard]] const AuditVerification& result() const { return result_; }

private:
    AuditVerification result_;
    std::int64_t next_seq_ = 1;
    std::string prev_hash_{kAuditGenesisHash};
};

}  // namespace borough::store
