// `borough eval document-summary`: ROUGE of the extractive summary against SQuALITY's "What is the
// plot of the story?" reference summaries (outside the repository; evaluation only), next to lead-N
// and plain TextRank at the same length, computed in the same run.
#pragma once

#include <filesystem>

#include "core/json.h"
#include "core/result.h"

namespace borough::actions::document_summary {

// Reads <eval_dir>/longdoc_squality/data/v1-3/txt/test.jsonl. Each system's text is cut to the mean
// reference length in words; ROUGE F1 is averaged over the 4 references, then over documents.
// Errors: NotFound when the set is absent; InvalidInput naming the file and line of a bad record.
[[nodiscard]] Result<Json> evaluate_document_summary(const std::filesystem::path& eval_dir);

}  // namespace borough::actions::document_summary
