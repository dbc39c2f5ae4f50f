// The assignment problem (Hungarian method): the pairing of rows to columns of a square cost matrix
// with the least total cost. Used to match produced clusters to gold ones in evaluations.
#pragma once

#include <cstddef>
#include <vector>

namespace borough {

// Column assigned to each row of a square `cost` matrix (every row has cost.size() entries), minimising
// the total. O(n^3), Kuhn-Munkres with potentials. An empty matrix gives an empty result. Callers with a
// rectangular problem pad it with zero-cost rows or columns. Thread-safe (pure).
[[nodiscard]] std::vector<std::size_t> min_cost_assignment(const std::vector<std::vector<double>>& cost);

}  // namespace borough
