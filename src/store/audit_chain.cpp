#include "store/audit_chain.h"

#include <fmt/format.h>

#include "core/sha256.h"

namespace borough::store {
namespace {

void append_field(std::string& out, std::string_view value) {
    out += std::to_string(value.size());
    out += ':';
    out += value;
    out += '\n';
}

}  // namespace

std::string audit_canonical_text(const AuditFields& fields) {
    std::string out = "borough.audit.v1\n";
    append_field(out, std::to_string(fields.seq));
    append_field(out, fields.at);
    append_field(out, fields.actor);
    append_field(out, fields.action);
    append_field(out, fields.subject);
    append_field(out, fields.detail_json);
    append_field(out, fields.prev_hash);
    return out;
}

std::string audit_hash(const AuditFields& fields) { return sha256_hex(audit_canonical_text(fields)); }

bool AuditChainVerifier::add(const AuditFields& fields, std::string_view stored_hash) {
    if (!result_.ok) return false;
    auto bad = [this](std::int64_t seq, std::string problem) {
        result_.ok = false;
        result_.first_bad_seq = seq;
        result_.problem = std::move(problem);
        return false;
    };
    if (fields.seq != next_seq_) {
        if (fields.seq < next_seq_) {
            return bad(fields.seq, fmt::format("entry {} is out of order (expected {})", fields.seq, next_seq_));
        }
        if (fields.seq == next_seq_ + 1) {
            return bad(next_seq_, fmt::format("entry {} is missing", next_seq_));
        }
        return bad(next_seq_, fmt::format("entries {} to {} are missing", next_seq_, fields.seq - 1));
    }
    ++result_.entries_checked;
    if (fields.prev_hash != prev_hash_) {
        return bad(fields.seq, fields.seq == 1
                                   ? std::string("entry 1 does not start the chain (its prev_hash is not zeros)")
                                   : fmt::format("entry {} does not link to entry {} (an entry was inserted, "
                                                 "removed or rewritten before it)",
                                                 fields.seq, fields.seq - 1));
    }
    const std::string computed = audit_hash(fields);
    if (computed != stored_hash) {
        return bad(fields.seq, fmt::format("entry {} was edited (its hash does not match)", fields.seq));
    }
    prev_hash_ = computed;
    ++next_seq_;
    return true;
}

}  // namespace borough::store
