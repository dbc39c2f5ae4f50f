// JSON transcripts: [{speaker, start, end, text}], {"turns": [...]} or Whisper-style
// {"segments": [{start, end, text, speaker?}]}. Times are seconds (numbers) or "hh:mm:ss(.mmm)".
// Errors name the file and the JSON pointer of the offending value.
#include <fmt/format.h>

#include <cmath>

#include "core/json.h"
#include "io/transcript_parse.h"

namespace borough::io::detail {
namespace {

Unexpected<Error> bad(const TranscriptDraft& draft, const std::string& pointer, std::string_view what) {
    return fail(ErrorCode::InvalidInput, fmt::format("{}: {}: {}", draft.where, pointer, what), pointer);
}

Result<std::optional<std::int64_t>> time_value(const Json& item, const char* key, const std::string& pointer,
                                               const TranscriptDraft& draft) {
    const auto found = item.find(key);
    if (found == item.end() || found->is_null()) {
        return std::optional<std::int64_t>{};
    }
    const std::string where = pointer + "/" + key;
    if (found->is_number()) {
        const double seconds = found->get<double>();
        if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e8) {
            return bad(draft, where, "expected a time in seconds from 0 to 100000000");
        }
        return std::optional<std::int64_t>{std::llround(seconds * 1000.0)};
    }
    if (found->is_string()) {
        const auto ms = parse_clock(trim(found->get_ref<const std::string&>()));
        if (!ms) {
            return bad(draft, where, R"(expected a time such as "00:01:02.500" or seconds as a number)");
        }
        return std::optional<std::int64_t>{*ms};
    }
    return bad(draft, where, R"(expected a time in seconds (a number) or "hh:mm:ss" (a string))");
}

}  // namespace

Status parse_json_transcript(std::string_view text, TranscriptDraft& draft) {
    // core::parse_json converts parse errors; nlohmann also throws out_of_range for numbers that
    // overflow (e.g. 1e999), which must not escape this module.
    Result<Json> parsed = fail(ErrorCode::Internal, "unparsed");
    try {
        parsed = parse_json(text, draft.where);
    } catch (const nlohmann::json::exception& e) {
        return fail(ErrorCode::InvalidInput, fmt::format("{}: not valid JSON: {}", draft.where, e.what()), draft.where);
    }
    BOROUGH_TRY(const Json doc, std::move(parsed));
    const Json* items = &doc;
    std::string base;
    if (doc.is_object()) {
        for (const char* key : {"turns", "segments"}) {
            if (const auto found = doc.find(key); found != doc.end()) {
                items = &*found;
                base = std::string("/") + key;
                break;
            }
        }
        if (base.empty()) {
            return bad(draft, "/", R"(expected an array of turns, {"turns": [...]} or {"segments": [...]})");
        }
    }
    if (!items->is_array()) {
        return bad(draft, base.empty() ? "/" : base, "expected an array of turns");
    }
    draft.turns.reserve(items->size());
    for (std::size_t k = 0; k < items->size(); ++k) {
        const Json& item = (*items)[k];
        const std::string pointer = fmt::format("{}/{}", base, k);
        if (!item.is_object()) {
            return bad(draft, pointer, "expected an object with speaker, start, end and text");
        }
        Turn t;
        t.line = k + 1;
        const auto text_it = item.find("text");
        if (text_it == item.end() || !text_it->is_string()) {
            return bad(draft, pointer + "/text", "expected the turn's text as a string");
        }
        t.text = text_it->get<std::string>();
        if (const auto sp = item.find("speaker"); sp != item.end() && !sp->is_null()) {
            if (sp->is_string()) {
                t.speaker = sp->get<std::string>();
            } else if (sp->is_number_integer()) {
                t.speaker = "Speaker " + sp->dump();  // the source numbers them; kept as written
            } else {
                return bad(draft, pointer + "/speaker", "expected the speaker's name as a string");
            }
        }
        BOROUGH_TRY(t.start_ms, time_value(item, "start", pointer, draft));
        BOROUGH_TRY(t.end_ms, time_value(item, "end", pointer, draft));
        if (t.start_ms && t.end_ms && *t.end_ms < *t.start_ms) {
            draft.warn(0, fmt::format("{}: ends before it starts; end time dropped", pointer));
            t.end_ms.reset();
        }
        draft.turns.push_back(std::move(t));
    }
    return {};
}

}  // namespace borough::io::detail
