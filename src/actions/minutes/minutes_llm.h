// Meeting minutes with a model: the turns go through common::run_map_reduce into the minutes schema
// (items, points, decisions, actions with owner/task/due, concerns, apologies...), are merged into
// agenda items, and one final pass writes the prose. Every statement keeps the turns it cites.
#pragma once

#include <optional>
#include <vector>

#include "actions/common/llm_map_reduce.h"
#include "actions/context.h"
#include "actions/minutes/minutes.h"
#include "actions/minutes/minutes_report.h"
#include "core/result.h"
#include "io/transcript.h"

namespace borough::actions::minutes {

// Turn i becomes the unit "T<i+1>" ("Speaker: text"), the ids the model cites and report citations use.
[[nodiscard]] std::vector<common::CitedUnit> turn_units(const io::Transcript& transcript);

// The 0-based turn of a unit id "T<n>" with 1 <= n <= turns; nullopt for anything else.
[[nodiscard]] std::optional<std::size_t> cited_turn(const Json& id, std::size_t turns);

// The map and final-pass prompts and schemas for `style`.
[[nodiscard]] common::MapReduceSpec minutes_spec(Style style);

// Minutes from ctx.generator (required). `extractive` is extract_minutes' result for the same
// transcript: it gives who was present, the agenda items when the model names none, and the
// statements of any chunk whose model output stayed invalid (so nothing said is lost). Model
// statements have verbatim = false; due phrases are resolved by nlp::find_due_date against
// options.meeting_date; an owner the transcript never names is left unassigned, with a warning.
// `stats` (optional) receives the map-reduce's counts and timings. Errors: run_map_reduce's
// (Cancelled, Unavailable, ModelOutputInvalid, InvalidInput for a context too small).
[[nodiscard]] Result<Minutes> model_minutes(const io::Transcript& transcript, const Minutes& extractive,
                                            const MinutesOptions& options, Style style, ActionContext& ctx,
                                            common::MapReduceResult* stats = nullptr);

}  // namespace borough::actions::minutes
