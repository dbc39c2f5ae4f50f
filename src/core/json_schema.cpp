#include "core/json_schema.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <regex>
#include <string>
#include <string_view>

namespace borough {
namespace {

constexpr std::array<std::string_view, 7> kTypes = {"object", "array",   "string", "integer",
                                                    "number", "boolean", "null"};

std::string child(const std::string& pointer, std::string_view token) {
    return pointer + "/" + escape_pointer_token(token);
}
std::string child(const std::string& pointer, std::size_t index) { return pointer + "/" + std::to_string(index); }

bool is_type(const Json& v, std::string_view type) {
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "boolean") return v.is_boolean();
    if (type == "null") return v.is_null();
    if (type == "number") return v.is_number();
    if (type == "integer") {
        if (v.is_number_integer()) return true;
        if (v.is_number_float()) {
            double d = v.get<double>();
            return std::isfinite(d) && std::floor(d) == d;
        }
        return false;
    }
    return false;
}

std::string type_name(const Json& v) {
    if (v.is_number_integer()) return "integer";
    if (v.is_number()) return "number";
    return v.type_name();
}

// Counts UTF-8 code points (continuation bytes are not counted).
std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
    }
    return n;
}

bool is_count(const Json& v) { return v.is_number_unsigned() || (v.is_number_integer() && v.get<long long>() >= 0); }

std::string short_dump(const Json& v) {
    std::string s = dump_json(v);
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

Unexpected<Error> violation(const std::string& pointer, const std::string& what) {
    return fail(ErrorCode::InvalidInput, fmt::format("{}: {}", pointer.empty() ? std::string("(root)") : pointer, what),
                pointer);
}

Status validate_at(const Json& v, const Json& schema, const std::string& ptr) {
    if (!schema.is_object()) return {};
    if (auto it = schema.find("type"); it != schema.end()) {
        bool ok = false;
        std::string expected;
        if (it->is_string()) {
            ok = is_type(v, it->get_ref<const std::string&>());
            expected = it->get<std::string>();
        } else if (it->is_array()) {
            for (const auto& t : *it) {
                if (!t.is_string()) continue;
                if (is_type(v, t.get_ref<const std::string&>())) ok = true;
                if (!expected.empty()) expected += " or ";
                expected += t.get<std::string>();
            }
        }
        if (!ok) return violation(ptr, fmt::format("expected {}, got {}", expected, type_name(v)));
    }
    if (auto it = schema.find("const"); it != schema.end() && v != *it) {
        return violation(ptr, fmt::format("must equal {}", short_dump(*it)));
    }
    if (auto it = schema.find("enum"); it != schema.end() && it->is_array()) {
        bool found = false;
        for (const auto& e : *it) found = found || (e == v);
        if (!found) {
            return violation(ptr, fmt::format("{} is not one of {}", short_dump(v), short_dump(*it)));
        }
    }
    if (v.is_number()) {
        double d = v.get<double>();
        if (auto it = schema.find("minimum"); it != schema.end() && it->is_number() && d < it->get<double>()) {
            return violation(ptr, fmt::format("{} is below the minimum {}", short_dump(v), short_dump(*it)));
        }
        if (auto it = schema.find("maximum"); it != schema.end() && it->is_number() && d > it->get<double>()) {
            return violation(ptr, fmt::format("{} is above the maximum {}", short_dump(v), short_dump(*it)));
        }
    }
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        std::size_t len = utf8_length(s);
        if (auto it = schema.find("minLength"); it != schema.end() && is_count(*it) && len < it->get<std::size_t>()) {
            return violation(
                ptr, fmt::format("string of {} characters is shorter than minLength {}", len, it->get<std::size_t>()));
        }
        if (auto it = schema.find("maxLength"); it != schema.end() && is_count(*it) && len > it->get<std::size_t>()) {
            return violation(
                ptr, fmt::format("string of {} characters is longer than maxLength {}", len, it->get<std::size_t>()));
        }
        if (auto it = schema.find("pattern"); it != schema.end() && it->is_string()) {
            try {
                std::regex re(it->get<std::string>(), std::regex::ECMAScript);
                if (!std::regex_search(s, re)) {
                    return violation(ptr, fmt::format("does not match pattern {}", it->get<std::string>()));
                }
            } catch (const std::regex_error&) {
                return violation(
                    ptr, fmt::format("schema pattern {} is not a valid regular expression", it->get<std::string>()));
            }
        }
    }
    if (v.is_array()) {
        if (auto it = schema.find("minItems");
            it != schema.end() && is_count(*it) && v.size() < it->get<std::size_t>()) {
            return violation(ptr, fmt::format("{} items, fewer than minItems {}", v.size(), it->get<std::size_t>()));
        }
        if (auto it = schema.find("maxItems");
            it != schema.end() && is_count(*it) && v.size() > it->get<std::size_t>()) {
            return violation(ptr, fmt::format("{} items, more than maxItems {}", v.size(), it->get<std::size_t>()));
        }
        if (auto it = schema.find("items"); it != schema.end()) {
            for (std::size_t i = 0; i < v.size(); ++i) {
                BOROUGH_TRY_STATUS(validate_at(v[i], *it, child(ptr, i)));
            }
        }
    }
    if (v.is_object()) {
        const Json* props = nullptr;
        if (auto it = schema.find("properties"); it != schema.end() && it->is_object()) props = &*it;
        if (auto it = schema.find("required"); it != schema.end() && it->is_array()) {
            for (const auto& name : *it) {
                if (name.is_string() && !v.contains(name.get<std::string>())) {
                    return violation(child(ptr, name.get<std::string>()), "required property is missing");
                }
            }
        }
        bool closed = false;
        if (auto it = schema.find("additionalProperties"); it != schema.end() && it->is_boolean()) {
            closed = !it->get<bool>();
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            const Json* sub = nullptr;
            if (props != nullptr) {
                if (auto p = props->find(it.key()); p != props->end()) sub = &*p;
            }
            if (sub == nullptr) {
                if (closed) return violation(child(ptr, it.key()), "property is not allowed by the schema");
                continue;
            }
            BOROUGH_TRY_STATUS(validate_at(it.value(), *sub, child(ptr, it.key())));
        }
    }
    return {};
}

Unexpected<Error> bad_schema(const std::string& ptr, const std::string& what) {
    return fail(ErrorCode::InvalidInput, fmt::format("schema {}: {}", ptr.empty() ? std::string("(root)") : ptr, what),
                ptr);
}

Status check_at(const Json& schema, const std::string& ptr) {
    if (!schema.is_object()) return bad_schema(ptr, "a schema must be an object");
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        const std::string& key = it.key();
        const Json& val = it.value();
        const std::string at = child(ptr, key);
        if (key == "type") {
            auto check_one = [&](const Json& t) {
                if (!t.is_string()) return false;
                for (auto known : kTypes) {
                    if (t.get_ref<const std::string&>() == known) return true;
                }
                return false;
            };
            bool ok = check_one(val);
            if (val.is_array() && !val.empty()) {
                ok = true;
                for (const auto& t : val) ok = ok && check_one(t);
            }
            if (!ok) {
                return bad_schema(at, fmt::format("type must be one of object, array, string, integer, "
                                                  "number, boolean, null (or a list of them), not {}",
                                                  short_dump(val)));
            }
        } else if (key == "properties") {
            if (!val.is_object()) return bad_schema(at, "properties must be an object of schemas");
            for (auto p = val.begin(); p != val.end(); ++p) {
                BOROUGH_TRY_STATUS(check_at(p.value(), child(at, p.key())));
            }
        } else if (key == "required") {
            if (!val.is_array()) return bad_schema(at, "required must be a list of property names");
            for (const auto& n : val) {
                if (!n.is_string()) return bad_schema(at, "required must be a list of property names");
            }
        } else if (key == "additionalProperties") {
            if (!val.is_boolean()) {
                return bad_schema(at, "additionalProperties must be true or false (schemas are not supported)");
            }
        } else if (key == "items") {
            BOROUGH_TRY_STATUS(check_at(val, at));
        } else if (key == "enum") {
            if (!val.is_array() || val.empty()) return bad_schema(at, "enum must be a non-empty list");
        } else if (key == "const" || key == "description" || key == "title" || key == "default" || key == "examples" ||
                   key == "$schema" || key == "$comment") {
            if ((key == "description" || key == "title") && !val.is_string()) {
                return bad_schema(at, fmt::format("{} must be a string", key));
            }
        } else if (key == "minimum" || key == "maximum") {
            if (!val.is_number()) return bad_schema(at, fmt::format("{} must be a number", key));
        } else if (key == "minLength" || key == "maxLength" || key == "minItems" || key == "maxItems") {
            if (!is_count(val)) return bad_schema(at, fmt::format("{} must be a non-negative integer", key));
        } else if (key == "pattern") {
            if (!val.is_string()) return bad_schema(at, "pattern must be a string");
            try {
                std::regex re(val.get<std::string>(), std::regex::ECMAScript);
            } catch (const std::regex_error& e) {
                return bad_schema(at, fmt::format("pattern is not a valid regular expression: {}", e.what()));
            }
        } else {
            return bad_schema(at, fmt::format("unsupported keyword '{}' (supported: type, properties, required, "
                                              "additionalProperties, items, enum, const, minimum, maximum, "
                                              "minLength, maxLength, minItems, maxItems, pattern, title, "
                                              "description, default, examples)",
                                              key));
        }
    }
    return {};
}

}  // namespace

Status validate_json(const Json& instance, const Json& schema) { return validate_at(instance, schema, ""); }

Status check_schema(const Json& schema) { return check_at(schema, ""); }

std::string escape_pointer_token(std::string_view token) {
    std::string out;
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace borough
