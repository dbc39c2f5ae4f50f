// `borough eval diarisation`: DER of the diariser on the pyannote/AMI excerpts (read from outside
// the repository; their licences allow evaluation only), next to two naive baselines scored in the
// same run: everything one speaker, and fixed 2-s turns alternating between two speakers.
#pragma once

#include <filesystem>

#include "core/json.h"
#include "core/result.h"

namespace borough::speech {

// Reads <eval_dir>/speech_ami_excerpt_pyannote/{sample/sample,seriously/mixture}.{wav,rttm} (a
// missing pair is skipped; none at all is NotFound). Scores each method at collar 0 and ±0.25 s.
// Returns {"files": [{"file", "duration_s", "reference_speakers", "methods": [{"method",
// "speakers", "seconds", "collar0": {der, missed, false_alarm, confusion}, "collar025": {...}}]}],
// "markdown": ...}. Errors: NotFound (no set), InvalidInput (a bad RTTM or undecodable audio,
// naming the file).
[[nodiscard]] Result<Json> evaluate_diarisation(const std::filesystem::path& eval_dir);

}  // namespace borough::speech
