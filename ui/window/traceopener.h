#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace tl::import {
class FileSource;
}

namespace tl::ui {

class RunController;

// Opens a trace file in the window. The file is read on FileSource's own thread while the window keeps
// painting and the run on screen stays; progress() says how far the reader is. Only a file that was read
// is handed to the RunController (startFile), whose drain then moves its events into a new store batch by
// batch, as for a live run. A file that cannot be read fails with the importer's error (what is wrong and
// where: byte offset or event index) and leaves the run on screen as it was; cancel() does the same.
//
// Invariants: at most one load at a time (open() replaces a load in progress); exactly one of opened(),
// failed() and cancelled() follows each open().
//
// Thread affinity: the GUI thread; the reader is FileSource's.
class TraceOpener : public QObject {
    Q_OBJECT
public:
    static constexpr int kPollMs = 50;

    explicit TraceOpener(RunController* runs, QObject* parent = nullptr);
    ~TraceOpener() override;

    void open(const QString& path);
    // Gives up the load in progress (the reader is cancelled and joined); cancelled() follows.
    void cancel();
    bool isLoading() const { return m_pending != nullptr; }
    // The file being read, or the last one asked for.
    const QString& path() const { return m_path; }

signals:
    // Bytes of the file read so far and its size (-1 when unknown, as for a pipe).
    void progress(qint64 read, qint64 total);
    // The file was read and handed to the RunController: its events follow as batches.
    void opened(const QString& path);
    void failed(const QString& path, const QString& error);
    void cancelled(const QString& path);

private:
    void poll();

    RunController* m_runs;
    std::unique_ptr<tl::import::FileSource> m_pending;
    QString m_path;
    QTimer m_poll;
};

} // namespace tl::ui
