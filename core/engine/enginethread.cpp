#include "engine/enginethread.h"

namespace tl {

EngineThread::EngineThread(std::function<void()> body, std::size_t stackBytes, const char* name)
    : m_body(std::move(body))
    , m_stackBytes(stackBytes)
    , m_name(name)
{
}

EngineThread::~EngineThread()
{
    join();
}

bool EngineThread::start()
{
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0)
        return false;
    // Detached, as QThread's are: a thread's stack goes back the moment it ends, not when the run ends
    // and joins them all (a lesson of 500 short-lived clients held 500 stacks, and ThreadSanitizer ran
    // out of memory for more).
    bool ok = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0;
    ok = ok && (m_stackBytes == 0 || pthread_attr_setstacksize(&attr, m_stackBytes) == 0);
    ok = ok && pthread_create(&m_thread, &attr, &EngineThread::entry, this) == 0;
    pthread_attr_destroy(&attr);
    m_started = ok;
    return ok;
}

bool EngineThread::join(std::optional<std::chrono::milliseconds> timeout)
{
    if (!m_started)
        return true;
    std::unique_lock lock(m_mutex);
    const auto ended = [this] { return m_ended; };
    if (timeout)
        return m_endedCv.wait_for(lock, *timeout, ended);
    m_endedCv.wait(lock, ended);
    return true;
}

void* EngineThread::entry(void* self)
{
    auto& thread = *static_cast<EngineThread*>(self);
    if (thread.m_name != nullptr)
        pthread_setname_np(pthread_self(), thread.m_name);
    thread.m_body();
    thread.m_body = nullptr; // what it captured is torn down on this thread, before the end is published
    // Notified under the lock: once it is released, the joiner may destroy this object, and the thread
    // touches nothing of it again.
    std::lock_guard lock(thread.m_mutex);
    thread.m_ended = true;
    thread.m_endedCv.notify_all();
    return nullptr;
}

} // namespace tl
