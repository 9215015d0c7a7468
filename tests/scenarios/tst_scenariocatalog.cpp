#include "lessontrace.h"

#include <QRegularExpression>
#include <QTest>

using namespace tl;
using namespace tl::lessontest;

// What every lesson promises besides its trace: its place in the registry, parameters that validate and
// match the listing's constants, and events that name the listing lines they come from.
class tst_ScenarioCatalog : public QObject {
    Q_OBJECT
private slots:
    void registry();
    void parameters_data();
    void parameters();
    void listingLines_data();
    void listingLines();
};

void tst_ScenarioCatalog::registry()
{
    QStringList ids;
    for (const Scenario& s : allScenarios())
        ids << s.id;
    const QStringList lessonOrder = {QStringLiteral("hello"),
                                     QStringLiteral("subclass"),
                                     QStringLiteral("producer-consumer"),
                                     QStringLiteral("sleeping-workers"),
                                     QStringLiteral("pool-queue"),
                                     QStringLiteral("pool-executor"),
                                     QStringLiteral("daemon"),
                                     QStringLiteral("join-order"),
                                     QStringLiteral("race"),
                                     QStringLiteral("lock"),
                                     QStringLiteral("deadlock"),
                                     QStringLiteral("condition"),
                                     QStringLiteral("event"),
                                     QStringLiteral("semaphore"),
                                     QStringLiteral("barrier"),
                                     QStringLiteral("timer")};
    QCOMPARE(ids, lessonOrder);
    for (const QString& id : kLessons) {
        const Scenario* s = findScenario(id);
        QVERIFY(s != nullptr);
        QVERIFY2(!s->title.isEmpty() && s->title != id, qPrintable(id));
        QVERIFY2(!s->summary.isEmpty() && !s->summary.contains(QLatin1Char('\n')), qPrintable(id));
        QVERIFY2(s->explanation.size() > 200, qPrintable(id));
        QVERIFY2(!s->parameters.empty(), qPrintable(id));
    }
}

void tst_ScenarioCatalog::parameters_data()
{
    QTest::addColumn<QString>("id");
    for (const QString& id : kLessons)
        QTest::newRow(qPrintable(id)) << id;
}

// Defaults pass, the range bounds pass, one step outside is rejected with a message naming the key, and
// the listing declares each parameter as an upper-case constant holding the default.
void tst_ScenarioCatalog::parameters()
{
    QFETCH(QString, id);
    const Scenario* s = findScenario(id);
    QVERIFY(s != nullptr);
    QVERIFY(resolveParameters(s->parameters, Overrides{}).ok());
    QVERIFY(!resolveParameters(s->parameters, Overrides{{QStringLiteral("no_such_key"), QStringLiteral("1")}}));
    const QString listing = s->listing();
    for (const ParameterSpec& spec : s->parameters) {
        QVERIFY2(!spec.label.isEmpty() && !spec.help.isEmpty(), qPrintable(spec.key));
        QVERIFY2(validateParameter(spec, spec.defaultValue).ok(), qPrintable(spec.key));
        QStringList good;
        QStringList bad;
        QString pythonDefault;
        switch (spec.type) {
        case ParameterSpec::Type::Bool:
            good = {QStringLiteral("true"), QStringLiteral("false")};
            bad = {QStringLiteral("maybe"), QStringLiteral("2")};
            pythonDefault = spec.defaultValue.toBool() ? QStringLiteral("True") : QStringLiteral("False");
            break;
        case ParameterSpec::Type::Int:
            good = {spec.minimum.toString(), spec.maximum.toString()};
            bad = {QString::number(spec.minimum.toInt() - 1), QString::number(spec.maximum.toInt() + 1),
                   QStringLiteral("1.5")};
            pythonDefault = spec.defaultValue.toString();
            break;
        case ParameterSpec::Type::Double:
            QVERIFY(spec.minimum.toDouble() <= spec.defaultValue.toDouble());
            QVERIFY(spec.defaultValue.toDouble() <= spec.maximum.toDouble());
            good = {spec.minimum.toString(), spec.maximum.toString()};
            bad = {QString::number(spec.minimum.toDouble() - 1), QString::number(spec.maximum.toDouble() + 1),
                   QStringLiteral("x")};
            pythonDefault = QString::number(spec.defaultValue.toDouble());
            break;
        }
        for (const QString& text : good)
            QVERIFY2(resolveParameters(s->parameters, Overrides{{spec.key, text}}).ok(),
                     qPrintable(spec.key + QLatin1Char('=') + text));
        for (const QString& text : bad) {
            const Result<ParameterValues> r = resolveParameters(s->parameters, Overrides{{spec.key, text}});
            QVERIFY2(!r.ok(), qPrintable(spec.key + QLatin1Char('=') + text));
            QVERIFY2(r.error().contains(spec.key), qPrintable(r.error()));
        }
        const QRegularExpression declared(QStringLiteral("^%1 = (\\S+)").arg(spec.key.toUpper()),
                                          QRegularExpression::MultilineOption);
        const QRegularExpressionMatch m = declared.match(listing);
        QVERIFY2(m.hasMatch(), qPrintable(spec.key.toUpper() + QStringLiteral(" not declared in the listing")));
        QCOMPARE(m.captured(1), pythonDefault);
    }
}

void tst_ScenarioCatalog::listingLines_data()
{
    parameters_data();
}

// Every event names a line of the listing, and the line is the statement that made it.
void tst_ScenarioCatalog::listingLines()
{
    QFETCH(QString, id);
    const Scenario* s = findScenario(id);
    QVERIFY(s != nullptr);
    const QStringList lines = s->listing().split(QLatin1Char('\n'));
    QVERIFY(lines.size() > 5);
    const auto store = runLesson(id, {}, 200);
    QVERIFY(store);
    const std::vector<std::pair<EventKind, QStringList>> statements = {
        {EventKind::ThreadCreated,
         {QStringLiteral("Thread("), QStringLiteral("Sleeper("), QStringLiteral("threading.Timer(")}},
        {EventKind::Start, {QStringLiteral(".start()")}},
        {EventKind::JoinBegin, {QStringLiteral(".join()")}},
        {EventKind::JoinEnd, {QStringLiteral(".join()")}},
        {EventKind::SleepBegin, {QStringLiteral("time.sleep(")}},
        {EventKind::SleepEnd, {QStringLiteral("time.sleep(")}},
        {EventKind::Print, {QStringLiteral("print(")}},
        // A ThreadPoolExecutor's work queue is not in the listing: it names the executor and its submit.
        {EventKind::QueueCreated, {QStringLiteral("queue.Queue("), QStringLiteral("ThreadPoolExecutor(")}},
        {EventKind::PutBlocked, {QStringLiteral("q.put(")}},
        {EventKind::PutDone, {QStringLiteral("q.put("), QStringLiteral(".submit(")}},
        {EventKind::GetBlocked, {QStringLiteral("q.get("), QStringLiteral("ThreadPoolExecutor(")}},
        {EventKind::GetDone, {QStringLiteral("q.get("), QStringLiteral("ThreadPoolExecutor(")}},
        {EventKind::TaskDone, {QStringLiteral("q.task_done(")}},
        {EventKind::QueueJoinBegin, {QStringLiteral("q.join(")}},
        {EventKind::QueueJoinEnd, {QStringLiteral("q.join(")}},
        {EventKind::Error, {QStringLiteral(".start()")}},
        // Issue 13's primitives: a `with` statement acquires and releases; a condition's wait releases its
        // lock and takes it back.
        {EventKind::SyncCreated, {QStringLiteral("threading.")}},
        {EventKind::AcquireBlocked, {QStringLiteral("with "), QStringLiteral(".wait_for(")}},
        {EventKind::Acquired, {QStringLiteral("with "), QStringLiteral(".wait_for(")}},
        {EventKind::Released, {QStringLiteral("with "), QStringLiteral(".wait_for(")}},
        {EventKind::CondWaitBegin, {QStringLiteral(".wait_for(")}},
        {EventKind::CondWaitEnd, {QStringLiteral(".wait_for(")}},
        {EventKind::Notify, {QStringLiteral(".notify(")}},
        {EventKind::EventWaitBegin, {QStringLiteral(".wait(")}},
        {EventKind::EventWaitEnd, {QStringLiteral(".wait(")}},
        // A Timer's cancel() sets its `finished` event.
        {EventKind::EventSet, {QStringLiteral(".set("), QStringLiteral(".cancel(")}},
        {EventKind::BarrierWaitBegin, {QStringLiteral(".wait(")}},
        {EventKind::BarrierWaitEnd, {QStringLiteral(".wait(")}},
        {EventKind::TimerCancelled, {QStringLiteral(".cancel(")}},
    };
    int checked = 0;
    for (const Event& e : store->eventsByTime()) {
        QVERIFY2(e.line <= lines.size(), qPrintable(QStringLiteral("line %1").arg(e.line)));
        const auto it =
            std::find_if(statements.begin(), statements.end(), [&e](const auto& st) { return st.first == e.kind; });
        if (it == statements.end() || (e.kind == EventKind::ThreadCreated && e.lane == 0))
            continue;
        // A Timer's thread waits on its own `finished` event, and sets it, inside threading.py: on no line of
        // the listing. (Its cancel() from another thread names the line of the call.)
        const bool timersOwn =
            e.kind == EventKind::EventWaitBegin || e.kind == EventKind::EventWaitEnd || e.kind == EventKind::EventSet;
        if (timersOwn && store->syncName(e.a) == store->laneName(e.lane) + QStringLiteral(".finished"))
            continue;
        const QString what = kindName(e.kind) + QStringLiteral(" at line %1").arg(e.line);
        QVERIFY2(e.line > 0, qPrintable(what));
        const QString text = lines.at(e.line - 1);
        QVERIFY2(
            std::any_of(it->second.begin(), it->second.end(), [&text](const QString& f) { return text.contains(f); }),
            qPrintable(what + QStringLiteral(": ") + text));
        ++checked;
    }
    QVERIFY(checked >= 3);
}

QTEST_GUILESS_MAIN(tst_ScenarioCatalog)
#include "tst_scenariocatalog.moc"
