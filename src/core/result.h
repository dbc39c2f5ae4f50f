// Result<T>: a value or an Error. The API is the subset of std::expected that borough uses, so it
// becomes an alias when we move to C++23. Expected failures travel as Results; exceptions never cross
// a module boundary.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace borough {

// Closed set of failure kinds. Maps to HTTP status in server/http_error.cpp and to a CLI exit code in
// cli/exit_code.cpp, nowhere else.
enum class ErrorCode {
    InvalidInput,
    NotFound,
    Conflict,
    Unauthenticated,
    PermissionDenied,
    ResourceExhausted,
    Unavailable,
    Cancelled,
    DeadlineExceeded,
    ModelOutputInvalid,
    Internal,
};

std::string_view to_string(ErrorCode code);

// message: one sentence a council administrator can act on, naming what and where (file, row, byte).
// field: the setting, parameter, JSON pointer or file the error is about ("" when none).
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string field;

    // "message (field)" or just "message".
    [[nodiscard]] std::string describe() const;
};

template <class E>
class Unexpected {
public:
    explicit Unexpected(E e) : error_(std::move(e)) {}
    E& error() & { return error_; }
    E&& error() && { return std::move(error_); }

private:
    E error_;
};

inline Unexpected<Error> fail(ErrorCode code, std::string message, std::string field = {}) {
    return Unexpected<Error>(Error{code, std::move(message), std::move(field)});
}
inline Unexpected<Error> fail(Error e) { return Unexpected<Error>(std::move(e)); }

[[noreturn]] void assert_fail(const char* cond, const char* why, const char* file, int line);

template <class T>
class [[nodiscard]] Result {
public:
    using value_type = T;

    template <class U = T>
        requires std::is_constructible_v<T, U&&>
    Result(U&& value) : v_(std::in_place_index<0>, std::forward<U>(value)) {}  // NOLINT: implicit by design
    Result(Unexpected<Error> e) : v_(std::in_place_index<1>, std::move(e).error()) {}  // NOLINT

    [[nodiscard]] bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { check(); return std::get<0>(v_); }
    const T& value() const& { check(); return std::get<0>(v_); }
    T&& value() && { check(); return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const& {
        if (has_value()) assert_fail("!has_value()", "error() on a value", __FILE__, __LINE__);
        return std::get<1>(v_);
    }
    Error&& error() && {
        if (has_value()) assert_fail("!has_value()", "error() on a value", __FILE__, __LINE__);
        return std::get<1>(std::move(v_));
    }

    template <class U>
    T value_or(U&& fallback) const& {
        return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
    }

private:
    void check() const {
        if (!has_value()) assert_fail("has_value()", std::get<1>(v_).message.c_str(), __FILE__, __LINE__);
    }
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Unexpected<Error> e) : error_(std::move(e).error()), ok_(false) {}  // NOLINT

    [[nodiscard]] bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    void value() const {
        if (!ok_) assert_fail("has_value()", error_.message.c_str(), __FILE__, __LINE__);
    }
    const Error& error() const& { return error_; }
    Error&& error() && { return std::move(error_); }

private:
    Error error_;
    bool ok_ = true;
};

using Status = Result<void>;

}  // namespace borough

// Invariant check, on in every build. Never use it on user, file or model input: return an Error.
#define BOROUGH_ASSERT(cond, why)                                                 \
    do {                                                                          \
        if (!(cond)) ::borough::assert_fail(#cond, (why), __FILE__, __LINE__);    \
    } while (0)

// Propagate an error: BOROUGH_TRY(auto x, parse(...)); or BOROUGH_TRY_STATUS(do_thing());
#define BOROUGH_CONCAT_INNER(a, b) a##b
#define BOROUGH_CONCAT(a, b) BOROUGH_CONCAT_INNER(a, b)
#define BOROUGH_TRY(decl, expr)                                                   \
    auto BOROUGH_CONCAT(borough_try_, __LINE__) = (expr);                         \
    if (!BOROUGH_CONCAT(borough_try_, __LINE__))                                  \
        return ::borough::fail(std::move(BOROUGH_CONCAT(borough_try_, __LINE__)).error()); \
    decl = std::move(BOROUGH_CONCAT(borough_try_, __LINE__)).value()
#define BOROUGH_TRY_STATUS(expr)                                                  \
    do {                                                                          \
        auto borough_try_status_ = (expr);                                        \
        if (!borough_try_status_) return ::borough::fail(std::move(borough_try_status_).error()); \
    } while (0)
