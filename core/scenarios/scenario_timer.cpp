#include "py/pythonapi.h"
#include "py/timer.h"
#include "scenarios/scenarios.h"

namespace tl::scenarios {

Scenario timer()
{
    Scenario s;
    s.id = QStringLiteral("timer");
    s.title = QStringLiteral("A Timer: one fires, one is cancelled");
    s.summary = QStringLiteral("Two Timers start; one rings when its interval passes, the other is cancelled first.");
    s.explanation = QStringLiteral(
        "A Timer is a Thread that waits for its interval and then calls its function. Main starts two: an "
        "alarm and a reminder. Before the reminder's interval has passed, main cancels it: its thread wakes "
        "at once and ends without calling remind(). The alarm's interval passes and it rings. Each timer's "
        "lane shows its wait (on the Event that cancel() sets), and the fired or cancelled marker. cancel() "
        "after a timer has fired does nothing, and a timer, like any thread, is started only once.");
    s.parameters = {
        {QStringLiteral("alarm_seconds"), QStringLiteral("Alarm"), ParameterSpec::Type::Double, 1.0, 0.0, 600.0,
         QStringLiteral("The alarm's interval in seconds (ALARM_SECONDS in the listing)")},
        {QStringLiteral("reminder_seconds"), QStringLiteral("Reminder"), ParameterSpec::Type::Double, 2.0, 0.0, 600.0,
         QStringLiteral("The reminder's interval in seconds (REMINDER_SECONDS in the listing)")},
        {QStringLiteral("cancel_after_seconds"), QStringLiteral("Cancel after"), ParameterSpec::Type::Double, 0.5, 0.0,
         600.0,
         QStringLiteral("Seconds after the start at which main cancels the reminder (CANCEL_AFTER_SECONDS in the "
                        "listing)")},
    };
    s.main = [](const ParameterValues& values) {
        const double alarmSeconds = values.toDouble(QStringLiteral("alarm_seconds"));
        const double reminderSeconds = values.toDouble(QStringLiteral("reminder_seconds"));
        const double cancelAfter = values.toDouble(QStringLiteral("cancel_after_seconds"));
        atLine(17);
        auto alarm = Timer::create(alarmSeconds, [] {
            atLine(10);
            print(QStringLiteral("ring"));
        });
        atLine(18);
        auto reminder = Timer::create(reminderSeconds, [] {
            atLine(14);
            print(QStringLiteral("reminder"));
        });
        atLine(19);
        alarm->start();
        atLine(20);
        reminder->start();
        atLine(21);
        sleep(cancelAfter);
        atLine(22);
        reminder->cancel();
        atLine(23);
        alarm->join();
        atLine(24);
        reminder->join();
        atLine(25);
        print(QStringLiteral("main: done"));
    };
    return s;
}

} // namespace tl::scenarios
