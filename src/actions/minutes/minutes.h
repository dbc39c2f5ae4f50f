// Meeting minutes from a transcript without a model: who was present, apologies, declarations of
// interest, agenda items, decisions and actions (owner, task, due date), each citing the turns it
// comes from. Cue phrases and lexicons only; nothing is written that was not said.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "io/transcript.h"

namespace borough::actions::minutes {

// A sentence as said, with the turn it comes from (0-based index into Transcript::turns).
struct Statement {
    std::string speaker;
    std::string text;
    std::size_t turn = 0;
    // false: `text` was written by a model (reported speech) from the turn it cites, not quoted.
    bool verbatim = true;
};

struct ActionItem {
    std::string owner;  // a name or role as said; "" when nobody was named
    std::string task;   // the words as said, due phrase removed: "circulate the revised policy"
    std::optional<std::chrono::year_month_day> due;
    std::string due_phrase;  // "by the end of April"; "" when no date was said
    bool due_approximate = false;
    std::size_t turn = 0;
    std::string said;  // the whole sentence, for the reviewer
    // "new"; for actions carried from previous minutes: "carried forward" or "discussed" (mentioned
    // again in this meeting, at `turn`).
    std::string status = "new";
};

struct AgendaItem {
    std::string title{};  // from the chair's words ("Item 3: rent setting") or "General discussion"
    std::size_t first_turn = 0;
    std::size_t last_turn = 0;                // inclusive
    std::vector<Statement> points{};          // the most central sentences of the item, in order
    std::vector<Statement> decisions{};       // "agreed", "RESOLVED", "approved", a vote
    std::vector<ActionItem> actions{};
    std::vector<Statement> concerns{};        // safeguarding style: worries, risks, harm
    std::vector<Statement> summary{};         // model path only: the item's prose, citing its turns
};

struct Minutes {
    std::vector<std::string> present;        // speakers in order of first turn
    std::vector<Statement> apologies;
    std::vector<Statement> declarations;     // declarations of interest (or that there were none)
    std::vector<AgendaItem> items;
    std::vector<ActionItem> carried;         // open actions from previous minutes, with their status
    std::vector<Statement> next_review;      // "review in six weeks", "next meeting on ..."
    std::vector<std::string> warnings;       // for the reviewer: one speaker, no speaker names...
    std::size_t words = 0;
    std::vector<Statement> summary;          // model path only: the meeting in a few sentences
};

struct MinutesOptions {
    std::chrono::year_month_day meeting_date;  // resolves "by Friday"
    std::size_t points_per_item = 4;
};

// Errors: InvalidInput when the transcript has no turns, or fewer than io::kMeaningfulTranscriptWords
// words ("minutes are not meaningful" - nothing is invented for a short exchange). Deterministic.
[[nodiscard]] Result<Minutes> extract_minutes(const io::Transcript& transcript, const MinutesOptions& options);

// Open actions of earlier minutes (the "actions" array of this action's JSON result) marked against
// this meeting: "discussed" when a turn mentions at least half (and two) of the task's content words
// and the owner is named or speaks in that turn or the next; else "carried forward". Actions whose status there was "done" are dropped.
void carry_forward(const Json& previous, const io::Transcript& transcript, Minutes& minutes);

// The first sentence-level owner/task/due found in `sentence` said by `speaker`, or nullopt.
// "I'll send it by Friday" (owner = speaker), "Action: Priya to book the room", "Tom will draft the
// letter", "Can you chase the contractor, Sam?". Needs a task verb from a fixed list, so "I'll be
// honest" is not an action.
[[nodiscard]] std::optional<ActionItem> find_action(std::string_view sentence, std::string_view speaker,
                                                    std::chrono::year_month_day meeting_date);

}  // namespace borough::actions::minutes
