#pragma once

#include <QString>

#include <concepts>

namespace tl {

// A queue item in words, as the CPython tracer shows it on a put and a get (resources/python/_threadline_tracer/
// values.py): Python's repr of a number or a str (a str cut at 40 characters), and for anything else its Python
// class's name in angle brackets ("<socket>"). Queue<T>::put calls pythonRepr(item) unqualified: a type of a lesson's
// gives its own overload beside it, found by argument-dependent lookup.
QString pythonRepr(const QString& text);
QString pythonRepr(bool value);
template <std::integral T> QString pythonRepr(T value)
{
    return QString::number(value);
}

} // namespace tl
