import threading
import time

ALARM_SECONDS = 1
REMINDER_SECONDS = 2
CANCEL_AFTER_SECONDS = 0.5


def ring():
    print("ring")


def remind():
    print("reminder")  # never printed: cancelled before it fires


alarm = threading.Timer(ALARM_SECONDS, ring)
reminder = threading.Timer(REMINDER_SECONDS, remind)
alarm.start()
reminder.start()
time.sleep(CANCEL_AFTER_SECONDS)
reminder.cancel()  # its interval has not passed: the function never runs
alarm.join()
reminder.join()
print("main: done")
