#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace tl {

// The outcome of something that can legitimately fail (parsing, validation, I/O): a value or a
// human-readable error message, one line, naming the problem.
template <class T> class Result {
public:
    Result(T value)
        : m_data(std::move(value))
    {
    }
    static Result failure(QString message) { return Result(Error{std::move(message)}); }

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<T>(m_data); }
    T& value() { return std::get<T>(m_data); }
    const T& operator*() const { return value(); }
    const T* operator->() const { return &value(); }
    const QString& error() const { return std::get<Error>(m_data).message; }

private:
    struct Error {
        QString message;
    };
    explicit Result(Error e)
        : m_data(std::move(e))
    {
    }
    std::variant<T, Error> m_data;
};

// For operations with no value.
struct Done {};
using Status = Result<Done>;
inline Status success()
{
    return Done{};
}

} // namespace tl
