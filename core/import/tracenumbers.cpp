#include "import/tracenumbers.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace tl::import {

namespace {

// The decimal digits of a JSON number, without sign, point or exponent, and where its point stands.
struct Decimal {
    bool negative = false;
    std::string digits;     // leading zeros dropped
    std::int64_t exp10 = 0; // value = digits * 10^exp10
};

std::optional<Decimal> decimal(std::string_view t)
{
    Decimal d;
    std::size_t i = 0;
    if (i < t.size() && (t[i] == '-' || t[i] == '+'))
        d.negative = t[i++] == '-';
    bool any = false;
    for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, any = true)
        d.digits += t[i];
    if (i < t.size() && t[i] == '.') {
        for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, any = true) {
            d.digits += t[i];
            --d.exp10;
        }
    }
    if (!any)
        return std::nullopt;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        bool expNegative = false;
        if (i < t.size() && (t[i] == '-' || t[i] == '+'))
            expNegative = t[i++] == '-';
        std::int64_t e = 0;
        bool expDigits = false;
        for (; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, expDigits = true)
            e = std::min<std::int64_t>(e * 10 + (t[i] - '0'), 100000);
        if (!expDigits)
            return std::nullopt;
        d.exp10 += expNegative ? -e : e;
    }
    if (i != t.size())
        return std::nullopt;
    const std::size_t nonZero = d.digits.find_first_not_of('0');
    d.digits = nonZero == std::string::npos ? std::string() : d.digits.substr(nonZero);
    return d;
}

} // namespace

std::optional<std::int64_t> microsToNanos(std::string_view text)
{
    std::optional<Decimal> d = decimal(text);
    if (!d)
        return std::nullopt;
    if (d->digits.empty())
        return 0;
    std::int64_t exp = d->exp10 + 3; // nanoseconds = digits * 10^(exp10 + 3)
    // Digits below a nanosecond: keep the first for rounding, drop the rest.
    bool roundUp = false;
    if (exp < 0) {
        const std::int64_t drop = -exp;
        if (drop > static_cast<std::int64_t>(d->digits.size())) {
            d->digits.clear();
        } else {
            const std::size_t keep = d->digits.size() - static_cast<std::size_t>(drop);
            roundUp = d->digits[keep] >= '5';
            d->digits.resize(keep);
        }
        exp = 0;
    }
    // int64 nanoseconds hold 19 digits, though not every 19-digit value: a Unix-epoch trace's microseconds (1.7e15,
    // 1.7e18 ns) do. The checked arithmetic refuses the rest.
    if (static_cast<std::int64_t>(d->digits.size()) + exp > 19)
        return std::nullopt;
    std::int64_t ns = 0;
    const auto times10Plus = [&ns](int digit) {
        return !__builtin_mul_overflow(ns, 10, &ns) && !__builtin_add_overflow(ns, digit, &ns);
    };
    for (char c : d->digits) {
        if (!times10Plus(c - '0'))
            return std::nullopt;
    }
    for (std::int64_t i = 0; i < exp; ++i) {
        if (!times10Plus(0))
            return std::nullopt;
    }
    if (roundUp && __builtin_add_overflow(ns, 1, &ns))
        return std::nullopt;
    return d->negative ? -ns : ns;
}

std::optional<double> number(std::string_view text)
{
    if (!decimal(text))
        return std::nullopt;
    const std::string s(text);
    return std::strtod(s.c_str(), nullptr);
}

std::optional<std::uint32_t> wholeU32(std::string_view text)
{
    const std::optional<double> v = number(text);
    if (!v || *v < 0 || *v > std::numeric_limits<std::uint32_t>::max() || std::floor(*v) != *v)
        return std::nullopt;
    return static_cast<std::uint32_t>(*v);
}

std::optional<std::uint64_t> flowId(std::string_view text, bool isString)
{
    if (!isString) {
        const std::optional<double> v = number(text);
        if (!v || *v < 0 || *v >= 18446744073709551616.0 || std::floor(*v) != *v)
            return std::nullopt;
        // Integers above 2^53 lose digits as doubles: read those from the text.
        if (text.find_first_not_of("0123456789") == std::string_view::npos && text.size() <= 19)
            return std::stoull(std::string(text));
        return static_cast<std::uint64_t>(*v);
    }
    std::string_view hex = text;
    if (hex.size() > 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
        hex.remove_prefix(2);
    if (hex.empty() || hex.size() > 16 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
        return std::nullopt;
    return std::stoull(std::string(hex), nullptr, 16);
}

} // namespace tl::import
