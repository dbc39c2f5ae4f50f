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

// Structured recall of the extractive minutes on gold meetings we wrote: each folder under gold_dir
// holds one transcript.{txt,vtt,srt,json,docx} and gold.json {meeting_date, decisions: [{said}],
// actions: [{said, owner, task, due}]}, where `said` is a phrase found in exactly one turn. A gold
// decision is found when a decision cites its turn (one to one). A gold action is found when an
// action within one turn of it has at least half the task's content words (stemmed); then owner
// (either name's words within the other's), due (same day, or none for null) and all three are
// scored. Returns {"meetings", "decisions": {gold, predicted, matched, recall, precision},
// "actions": {gold, predicted, found, owner, due, all, recall_task, recall_owner, recall_due,
// recall_all, precision}, "per_meeting", "markdown"}. Errors: NotFound (no gold folders);
// InvalidInput naming the file and JSON pointer (a `said` in no turn or in two, a bad date).
[[nodiscard]] Result<Json> evaluate_minutes_gold(const std::filesystem::path& gold_dir);

}  // namespace borough::actions::minutes
