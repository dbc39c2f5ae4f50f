// A custom action written only in YAML (no C++ anywhere), used by the black-box tests to prove that an
// administrator's action runs on every engine. Its output is enum + boolean, so even a random-weight
// test model's grammar-constrained reply terminates.
#pragma once

namespace borough::testing {

inline constexpr const char* kTriageAction = R"(id: complaint-triage
title: Complaint triage
category: Corporate
version: "1.0"
description: Sorts a resident's complaint into a service area and says whether it looks urgent.
inputs:
  - name: complaint
    kind: text
    max_bytes: 100000
    formats: [txt, md]
prompts:
  system: You sort council complaints. Answer with JSON only.
  user: |
    Complaint:
    {{input}}
output_schema:
  type: object
  properties:
    service:
      type: string
      enum: [housing, waste, highways, council-tax, other]
    urgent:
      type: boolean
  required: [service, urgent]
  additionalProperties: false
strategy:
  kind: single
baseline_minutes: 5
markdown: "Service: {{service}}"
)";

}  // namespace borough::testing
