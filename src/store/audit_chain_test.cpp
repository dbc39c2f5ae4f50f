#include "store/audit_chain.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace borough::store {
namespace {

// Owns the strings an AuditFields points into.
struct OwnedEntry {
    std::int64_t seq = 0;
    std::string at, actor, action, subject, detail, prev_hash, hash;
    [[nodiscard]] AuditFields fields() const { return {seq, at, actor, action, subject, detail, prev_hash}; }
};

std::vector<OwnedEntry> make_chain(int n) {
    std::vector<OwnedEntry> chain;
    std::string prev(kAuditGenesisHash);
    for (int i = 1; i <= n; ++i) {
        OwnedEntry e{i,
                     "2026-11-22T18:30:0" + std::to_string(i % 10) + ".000Z",
                     "alice",
                     "job.created",
                     "job-" + std::to_string(i),
                     R"({"i":)" + std::to_string(i) + "}",
                     prev,
                     ""};
        e.hash = audit_hash(e.fields());
        prev = e.hash;
        chain.push_back(e);
    }
    return chain;
}

AuditVerification verify(const std::vector<OwnedEntry>& chain) {
    AuditChainVerifier v;
    for (const auto& e : chain) {
        if (!v.add(e.fields(), e.hash)) break;
    }
    return v.result();
}

TEST(AuditChainTest, CanonicalTextIsLengthPrefixedAndPinned) {
    const std::string genesis(kAuditGenesisHash);
    AuditFields f{1, "2026-11-22T18:30:00.000Z", "alice", "job.created", "j-1", R"({"n":1.5})", genesis};
    EXPECT_EQ(audit_canonical_text(f),
              "borough.audit.v1\n1:1\n24:2026-11-22T18:30:00.000Z\n5:alice\n11:job.created\n3:j-1\n"
              "9:{\"n\":1.5}\n64:" +
                  genesis + "\n");
    // Pinned with `sha256sum` over the text above: changing the format breaks every stored chain.
    EXPECT_EQ(audit_hash(f), "1d3553992c8bd6cf4c705549c681ae703b5ac6677d775f5ef63b8405f922a82b");
}

TEST(AuditChainTest, ShiftingBytesBetweenFieldsChangesTheHash) {
    AuditFields a{1, "t", "ab", "c", "", "{}", kAuditGenesisHash};
    AuditFields b{1, "t", "a", "bc", "", "{}", kAuditGenesisHash};
    EXPECT_NE(audit_hash(a), audit_hash(b));
    AuditFields c = a;
    c.seq = 2;
    EXPECT_NE(audit_hash(a), audit_hash(c));
}

TEST(AuditChainTest, IntactChainVerifies) {
    auto r = verify(make_chain(20));
    EXPECT_TRUE(r.ok) << r.problem;
    EXPECT_EQ(r.entries_checked, 20);
    EXPECT_FALSE(r.first_bad_seq.has_value());
    EXPECT_TRUE(verify({}).ok);
}

TEST(AuditChainTest, EditedEntryIsReported) {
    auto chain = make_chain(10);
    chain[6].actor = "mallory";
    auto r = verify(chain);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_bad_seq, 7);
    EXPECT_NE(r.problem.find("entry 7 was edited"), std::string::npos) << r.problem;
}

TEST(AuditChainTest, RehashedEditBreaksTheNextLink) {
    auto chain = make_chain(10);
    chain[6].detail = R"({"i":0})";
    chain[6].hash = audit_hash(chain[6].fields());
    auto r = verify(chain);
    EXPECT_EQ(r.first_bad_seq, 8);
    EXPECT_NE(r.problem.find("does not link"), std::string::npos) << r.problem;
}

TEST(AuditChainTest, DeletedEntryIsReportedByItsSeq) {
    auto chain = make_chain(10);
    chain.erase(chain.begin() + 3);  // seq 4
    auto r = verify(chain);
    EXPECT_EQ(r.first_bad_seq, 4);
    EXPECT_EQ(r.problem, "entry 4 is missing");

    auto first_gone = make_chain(3);
    first_gone.erase(first_gone.begin());
    EXPECT_EQ(verify(first_gone).first_bad_seq, 1);
}

TEST(AuditChainTest, WrongGenesisIsReported) {
    auto chain = make_chain(3);
    chain[0].prev_hash = std::string(64, 'f');
    chain[0].hash = audit_hash(chain[0].fields());
    auto r = verify(chain);
    EXPECT_EQ(r.first_bad_seq, 1);
}

TEST(AuditChainTest, TruncatedTailIsNotDetectable) {
    // Documented limitation: the chain alone cannot tell a shortened log from a complete one.
    auto chain = make_chain(10);
    chain.resize(6);
    auto r = verify(chain);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.entries_checked, 6);
}

}  // namespace
}  // namespace borough::store
