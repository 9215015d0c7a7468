#pragma once

#include "import/rawtraceevent.h"

#include <QString>

#include <string>

namespace tl::import {

// A raw event's JSON text as Qt text, and a field's JSON true: how TraceAssembler's files read the fields.
inline QString qs(const std::string& s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

inline bool isTrue(const RawTraceEvent::Field* f)
{
    return f && f->type == RawTraceEvent::Type::Bool && f->text == "true";
}

} // namespace tl::import
