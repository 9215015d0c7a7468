#pragma once

#include "base/result.h"
#include "trace/tracestore.h"

#include <QByteArray>
#include <QString>

class QIODevice;

namespace tl {

// Writes every event of a trace as one CSV row (RFC 4180, each field as csvField() writes it: quoted where it must
// be, and text that a spreadsheet would run as a formula made inert), sorted by time, after a header row:
//
//   ts_us,tid,thread,event,line,target,queue,item,depth,detail,file
//
// ts_us: scenario microseconds from the run's start, exact to the nanosecond (three decimals); tid: the
// lane + 1, as in the Chrome trace; event: eventKindName(); line: the listing line or empty; target: the
// thread started or joined; queue: the queue's unique name (TraceStore::queueName); item: the queue item,
// pool task or connection id; depth: the queue depth after the event (for task_done: the tasks still
// unfinished); detail: the rest, from the event schema's Detail fields: printed text as it is, an error as
// "Type: message", everything else as key=value ("seconds=2", "name=Thread-1 function=worker"), then the
// flag's word ("daemon", "timed out", "raised"; a socket operation comes first: "recv bytes=12"); file: the file
// the line is in when it is not the program's (a module a Python script imports), else empty. file comes last, so
// that a reader of the columns before it finds them where they always were.
// Lines end with "\n".
//
// Thread affinity: the store's owner thread; the store must not change while exporting.
class CsvExporter {
public:
    explicit CsvExporter(const TraceStore& store);

    bool write(QIODevice& out) const;
    QByteArray toCsv() const;
    // Atomically (QSaveFile); the error names the path and the reason.
    Status writeToFile(const QString& path) const;

private:
    const TraceStore& m_store;
};

} // namespace tl
