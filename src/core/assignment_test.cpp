#include "core/assignment.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace borough {
namespace {

double total(const std::vector<std::vector<double>>& cost, const std::vector<std::size_t>& pick) {
    double sum = 0;
    for (std::size_t i = 0; i < pick.size(); ++i) sum += cost[i][pick[i]];
    return sum;
}

TEST(MinCostAssignment, EmptyAndSingle) {
    EXPECT_TRUE(min_cost_assignment({}).empty());
    EXPECT_EQ(min_cost_assignment({{5.0}}), std::vector<std::size_t>{0});
}

TEST(MinCostAssignment, FindsTheCheapestPairingNotTheGreedyOne) {
    // Greedy takes (0,0)=1 and is then forced into (1,1)=100; the optimum is 2 + 3.
    const std::vector<std::vector<double>> cost{{1, 2}, {3, 100}};
    const auto pick = min_cost_assignment(cost);
    EXPECT_EQ(pick, (std::vector<std::size_t>{1, 0}));
}

TEST(MinCostAssignment, MatchesBruteForceOnA5x5Matrix) {
    const std::vector<std::vector<double>> cost{
        {7, 53, 183, 439, 863}, {497, 383, 563, 79, 973}, {287, 63, 343, 169, 583},
        {627, 343, 773, 959, 943}, {767, 473, 103, 699, 303}};
    std::vector<std::size_t> perm(5);
    std::iota(perm.begin(), perm.end(), 0);
    double best = 1e18;
    do {
        best = std::min(best, total(cost, perm));
    } while (std::next_permutation(perm.begin(), perm.end()));
    const auto pick = min_cost_assignment(cost);
    std::vector<std::size_t> sorted = pick;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<std::size_t>{0, 1, 2, 3, 4}));  // a permutation
    EXPECT_DOUBLE_EQ(total(cost, pick), best);
}

}  // namespace
}  // namespace borough
