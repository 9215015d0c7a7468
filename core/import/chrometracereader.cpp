#include "import/chrometracereader.h"

#include <QJsonArray>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <cstdlib>
#include <string_view>
#include <vector>

namespace tl::import {

namespace {

using Type = RawTraceEvent::Type;

// Builds otherData (and nothing else) as a QJsonObject from SAX events.
class TreeBuilder {
public:
    void start(bool array, const QString& key) { m_stack.push_back({array, {}, {}, key, {}}); }
    void value(const QJsonValue& v)
    {
        Level& top = m_stack.back();
        if (top.array)
            top.arr.append(v);
        else
            top.obj.insert(top.key, v);
    }
    void key(const QString& key) { m_stack.back().key = key; }
    // Ends the innermost container; returns true when it was the outermost (the tree is done).
    bool end(QJsonObject& done)
    {
        Level level = std::move(m_stack.back());
        m_stack.pop_back();
        const QJsonValue v = level.array ? QJsonValue(level.arr) : QJsonValue(level.obj);
        if (m_stack.empty()) {
            done = level.obj;
            return true;
        }
        m_stack.back().key = m_stack.back().array ? QString() : m_stack.back().key;
        Level& parent = m_stack.back();
        if (parent.array)
            parent.arr.append(v);
        else
            parent.obj.insert(level.keyInParent, v);
        return false;
    }
    bool active() const { return !m_stack.empty(); }

    // The key a new container goes under in the current object.
    QString pendingKey() const { return m_stack.empty() || m_stack.back().array ? QString() : m_stack.back().key; }
    void startChild(bool array)
    {
        const QString keyInParent = pendingKey();
        m_stack.push_back({array, {}, {}, {}, keyInParent});
    }

private:
    struct Level {
        bool array;
        QJsonObject obj;
        QJsonArray arr;
        QString key;         // the key of the next member (objects)
        QString keyInParent; // this container's key in its parent object
    };
    std::vector<Level> m_stack;
};

// The SAX handler: a small state machine over the nesting depth. Events are objects at m_eventsDepth + 1;
// their fields one level deeper; args one level deeper again.
class Handler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Handler> {
public:
    Handler(TraceInput& input, RawEventSink& sink, ReadOutcome& out)
        : m_input(input)
        , m_sink(sink)
        , m_out(out)
    {
    }

    bool Null() { return scalar(Type::Null, "null"); }
    bool Bool(bool b) { return scalar(Type::Bool, b ? "true" : "false"); }
    bool RawNumber(const char* s, rapidjson::SizeType n, bool) { return scalar(Type::Number, {s, n}); }
    bool String(const char* s, rapidjson::SizeType n, bool) { return scalar(Type::String, {s, n}); }
    bool Key(const char* s, rapidjson::SizeType n, bool)
    {
        m_key.assign(s, n);
        if (m_other.active() && m_depth >= m_otherDepth)
            m_other.key(QString::fromUtf8(s, static_cast<qsizetype>(n)));
        return true;
    }
    bool StartObject() { return start(false); }
    bool EndObject(rapidjson::SizeType) { return end(false); }
    bool StartArray() { return start(true); }
    bool EndArray(rapidjson::SizeType) { return end(true); }

    bool insideEvent() const { return m_inEvents && m_depth > m_eventsDepth; }
    bool betweenEvents() const { return m_inEvents && m_depth == m_eventsDepth; }
    bool sawEvents() const { return m_sawEvents; }
    bool sinkStopped() const { return m_sinkStopped; }
    std::uint64_t eventIndex() const { return m_event.index; }

private:
    RawTraceEvent::Field* field(std::string_view key)
    {
        RawTraceEvent& e = m_event;
        if (key == "ph")
            return &e.ph;
        if (key == "name")
            return &e.name;
        if (key == "cat")
            return &e.cat;
        if (key == "ts")
            return &e.ts;
        if (key == "dur")
            return &e.dur;
        if (key == "pid")
            return &e.pid;
        if (key == "tid")
            return &e.tid;
        if (key == "id")
            return &e.id;
        if (key == "bind_id")
            return &e.bindId;
        if (key == "flow_in")
            return &e.flowIn;
        if (key == "flow_out")
            return &e.flowOut;
        if (key == "bp")
            return &e.bp;
        if (key == "s")
            return &e.scope;
        return nullptr;
    }

    RawTraceEvent::Field& newArg()
    {
        if (m_event.argCount == m_event.args.size())
            m_event.args.emplace_back();
        RawTraceEvent::Arg& arg = m_event.args[m_event.argCount++];
        arg.key = m_key;
        arg.value.clear();
        return arg.value;
    }

    bool scalar(Type type, std::string_view text)
    {
        if (m_inEvents) {
            if (m_depth == m_eventsDepth) {
                ++m_out.notObjects; // an element of traceEvents that is no object
                ++m_event.index;
            } else if (m_depth == m_eventsDepth + 1) {
                if (RawTraceEvent::Field* f = field(m_key)) {
                    f->type = type;
                    f->text.assign(text);
                }
            } else if (m_depth == m_eventsDepth + 2 && m_inArgs) {
                RawTraceEvent::Field& v = newArg();
                v.type = type;
                v.text.assign(text);
            }
            return true;
        }
        if (m_other.active() && m_depth >= m_otherDepth) {
            m_other.value(jsonValue(type, text));
        } else if (m_depth == 1 && m_out.form == ReadOutcome::Form::Object && m_key == "displayTimeUnit" &&
                   type == Type::String) {
            m_out.displayTimeUnit = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
        } else if (m_depth == 0) {
            m_rootScalar = true;
            return false;
        }
        return true;
    }

    static QJsonValue jsonValue(Type type, std::string_view text)
    {
        switch (type) {
        case Type::String:
            return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
        case Type::Number:
            return std::strtod(std::string(text).c_str(), nullptr);
        case Type::Bool:
            return text == "true";
        default:
            return QJsonValue::Null;
        }
    }

    bool start(bool array)
    {
        const int depth = m_depth++;
        if (depth == 0) {
            m_out.form = array ? ReadOutcome::Form::Array : ReadOutcome::Form::Object;
            if (array)
                beginEvents();
            return true;
        }
        if (m_inEvents) {
            if (depth == m_eventsDepth) {
                if (array) {
                    ++m_out.notObjects;
                } else {
                    m_event.clear();
                    m_event.offset = m_input.Tell() - 1;
                }
            } else if (depth == m_eventsDepth + 1) {
                m_inArgs = !array && m_key == "args";
                if (RawTraceEvent::Field* f = field(m_key)) {
                    f->type = array ? Type::Array : Type::Object;
                    f->text.clear();
                }
            } else if (depth == m_eventsDepth + 2 && m_inArgs) {
                newArg().type = array ? Type::Array : Type::Object;
            }
            return true;
        }
        if (depth == 1 && m_out.form == ReadOutcome::Form::Object) {
            if (array && m_key == "traceEvents" && !m_sawEvents) {
                beginEvents();
                return true;
            }
            if (!array && m_key == "otherData") {
                m_otherDepth = m_depth;
                m_other.start(false, {});
            }
            return true;
        }
        if (m_other.active())
            m_other.startChild(array);
        return true;
    }

    bool end(bool array)
    {
        const int depth = --m_depth;
        if (m_inEvents) {
            if (array && depth == m_eventsDepth - 1) {
                m_inEvents = false;
                return true;
            }
            if (!array && depth == m_eventsDepth) {
                ++m_out.events;
                const bool go = m_sink.event(m_event);
                ++m_event.index;
                if (!go)
                    m_sinkStopped = true;
                return go;
            }
            if (depth == m_eventsDepth + 1)
                m_inArgs = false;
            if (array && depth == m_eventsDepth) // an array element that was no object
                ++m_event.index;
            return true;
        }
        if (m_other.active() && depth >= m_otherDepth - 1) {
            QJsonObject done;
            if (m_other.end(done))
                m_out.otherData = done;
        }
        return true;
    }

    void beginEvents()
    {
        m_inEvents = true;
        m_sawEvents = true;
        m_eventsDepth = m_depth;
    }

public:
    bool m_rootScalar = false;

private:
    TraceInput& m_input;
    RawEventSink& m_sink;
    ReadOutcome& m_out;
    RawTraceEvent m_event;
    std::string m_key;
    int m_depth = 0;
    int m_eventsDepth = -1;
    bool m_inEvents = false;
    bool m_sawEvents = false;
    bool m_inArgs = false;
    bool m_sinkStopped = false;
    int m_otherDepth = 0;
    TreeBuilder m_other;
};

} // namespace

ReadOutcome ChromeTraceReader::read(TraceInput& input, RawEventSink& sink)
{
    ReadOutcome out;
    Handler handler(input, sink, out);
    rapidjson::Reader reader;
    // Numbers as their text: times become exact nanoseconds (see TraceAssembler), never doubles.
    constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
    const rapidjson::ParseResult result = reader.Parse<kFlags>(input, handler);
    const auto where = [&](std::size_t offset) {
        QString at = QStringLiteral("byte %1").arg(offset);
        if (handler.insideEvent())
            at += QStringLiteral(", in event %1").arg(handler.eventIndex() + 1);
        return at;
    };
    if (input.cancelled()) {
        out.cancelled = true;
        out.error = QStringLiteral("cancelled");
        return out;
    }
    if (!input.error().isEmpty()) {
        out.error = QStringLiteral("%1 (%2)").arg(input.error(), where(input.Tell()));
        return out;
    }
    if (handler.sinkStopped())
        return out; // the sink says why
    if (handler.m_rootScalar) {
        out.error = QStringLiteral("not a Chrome trace: the JSON text is a single value, not an object with "
                                   "traceEvents or an array of events (byte 0)");
        return out;
    }
    if (result.IsError()) {
        const std::size_t offset = result.Offset();
        if (result.Code() == rapidjson::kParseErrorDocumentEmpty) {
            // The reader sees a NUL byte as the end: text left after it is a binary file, not an empty one.
            out.error = input.compressionTruncated()
                            ? QStringLiteral("the gzip data is cut short before any JSON text (byte %1)").arg(offset)
                        : input.atEnd() ? QStringLiteral("the file is empty: no JSON text (byte %1)").arg(offset)
                                        : QStringLiteral("not JSON text: a NUL byte at byte %1").arg(offset);
            return out;
        }
        // Every byte consumed and nothing more to come: the text stopped where the reader needed more (a
        // syntax error the reader sees before the end leaves bytes unread).
        const bool atEnd = input.atEnd();
        if ((atEnd || input.compressionTruncated()) && out.form != ReadOutcome::Form::Unknown) {
            out.ok = true;
            // The array form may leave out its closing bracket (the format says so): not a truncation
            // when the text stops between two events.
            if (out.form == ReadOutcome::Form::Array && handler.betweenEvents() && !input.compressionTruncated())
                return out;
            out.truncated = true;
            out.truncation =
                handler.insideEvent()
                    ? QStringLiteral("the file ends inside event %1 (byte %2)")
                          .arg(handler.eventIndex() + 1)
                          .arg(input.Tell())
                    : QStringLiteral("the file ends before the trace is closed (byte %1)").arg(input.Tell());
            if (input.compressionTruncated())
                out.truncation += QStringLiteral("; the gzip stream is cut short");
            return out;
        }
        out.error = QStringLiteral("invalid JSON at %1: %2")
                        .arg(where(offset), QString::fromLatin1(rapidjson::GetParseError_En(result.Code())));
        return out;
    }
    if (out.form == ReadOutcome::Form::Object && !handler.sawEvents()) {
        out.error = QStringLiteral("not a Chrome trace: the top-level object has no traceEvents array (byte 0)");
        return out;
    }
    out.ok = true;
    return out;
}

} // namespace tl::import
