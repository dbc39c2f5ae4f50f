// `borough eval meeting-minutes`: ROUGE of the extractive minutes against QMSum's whole-meeting
// reference summaries (read from outside the repository; licences allow evaluation only), next to a
// lead-N and a plain TextRank baseline computed in the same run at the same length.
#pragma once

#include <filesystem>

#include "core/json.h"
#include "core/result.h"

namespace borough::actions::minutes {

// Reads <eval_dir>/meetings_qmsum/data/{ALL/test,Committee/all}/*.json (a meeting in both folders
// counts once). Each system's text is cut to the reference's word count before scoring. Returns
// {"sets": [...], "markdown": ...}. Errors: NotFound when the set is absent; InvalidInput naming a
// file that is not QMSum JSON.
[[nodiscard]] Result<Json> evaluate_minutes(const std::filesystem::path& eval_dir);

}  // namespace borough::actions::minutes
