#include "engine/enginecondition.h"

#include "engine/virtualclock.h"
#include "engine/waitslot.h"

#include <QtGlobal>

namespace tl {

void EngineCondition::enqueue(WaitSlot& slot)
{
    Q_ASSERT(slot.m_queuedOn == nullptr);
    slot.m_queuedOn = this;
    slot.m_prev = m_tail;
    slot.m_next = nullptr;
    if (m_tail != nullptr)
        m_tail->m_next = &slot;
    else
        m_head = &slot;
    m_tail = &slot;
}

void EngineCondition::remove(WaitSlot& slot)
{
    if (slot.m_queuedOn == this)
        unlink(slot);
}

void EngineCondition::unlink(WaitSlot& slot)
{
    if (slot.m_prev != nullptr)
        slot.m_prev->m_next = slot.m_next;
    else
        m_head = slot.m_next;
    if (slot.m_next != nullptr)
        slot.m_next->m_prev = slot.m_prev;
    else
        m_tail = slot.m_prev;
    slot.m_queuedOn = nullptr;
    slot.m_prev = nullptr;
    slot.m_next = nullptr;
}

WaitSlot* EngineCondition::notifyOne()
{
    while (m_head != nullptr) {
        WaitSlot& slot = *m_head;
        unlink(slot);
        if (slot.clock().wake(slot))
            return &slot;
    }
    return nullptr;
}

int EngineCondition::notifyAll()
{
    int woken = 0;
    while (m_head != nullptr) {
        WaitSlot& slot = *m_head;
        unlink(slot);
        if (slot.clock().wake(slot))
            ++woken;
    }
    return woken;
}

bool EngineCondition::notify(WaitSlot& slot)
{
    if (slot.m_queuedOn != this)
        return false;
    unlink(slot);
    return slot.clock().wake(slot);
}

} // namespace tl
