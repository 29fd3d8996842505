"""A push killed half-way (`kill -9`) resumes after a restart: nothing lost, at most the part in flight again."""
from __future__ import annotations

import asyncio

from bot.tg.push import Pusher
from tests.fake_bot_api import check_telegram_html
from tests.test_telegram_push import USER_ID, LongBriefs, World, run_due, sent_to, svc_of, world  # noqa: F401


def restarted_pusher(old: Pusher) -> Pusher:
    """What a new process builds on the same database: nothing of the old one's memory."""
    return Pusher(old.subs, old.engine, old.store, old.clock)


async def test_push_killed_while_a_part_is_in_flight_resumes_there(world: World) -> None:
    bot = await world.start()
    await bot.ask("/subscribe 江西")
    await run_due(bot)  # removes the app's own push ticks: this test drives the pushes
    pusher = svc_of(bot).pusher
    pusher.engine = LongBriefs(world.engine)
    parts, _ = pusher._render("江西", "2025-01-17")
    assert len(parts) >= 3
    world.clock.set("2025-01-18T08:00:00")

    # Parts 1 and 2 are confirmed; part 3 reaches Telegram, but the process dies before the answer.
    world.api.delay_next("sendMessage", 0.0, times=2)
    world.api.delay_next("sendMessage", 30.0)  # the third is carried out, its answer held back
    mark = world.api.mark()
    task = asyncio.create_task(pusher.run_due(bot.app.bot))
    await world.api.wait_for("sendMessage", lambda c: int(c.params["chat_id"]) == USER_ID, since=mark,
                             count=3, timeout=15)
    task.cancel()  # kill -9: no handler, no cleanup runs
    try:
        await task
    except asyncio.CancelledError:
        pass

    fresh = restarted_pusher(pusher)
    run = await fresh.run_due(bot.app.bot)
    assert (run.due, run.sent) == (1, 1)
    delivered = [c.params["text"] for c in sent_to(world.api, USER_ID, mark)]
    # parts 1 and 2 once; part 3, whose confirmation never arrived, again (at least once), then the rest
    assert delivered == parts[:3] + parts[2:]
    assert (await restarted_pusher(fresh).run_due(bot.app.bot)).due == 0


async def test_push_that_failed_half_way_resumes_after_a_restart(world: World) -> None:
    bot = await world.start()
    await bot.ask("/subscribe 江西")
    await run_due(bot)
    pusher = svc_of(bot).pusher
    pusher.engine = LongBriefs(world.engine)
    parts, _ = pusher._render("江西", "2025-01-17")
    world.clock.set("2025-01-18T08:00:00")
    world.api.fail_next("sendMessage", 400, after=2)  # parts 1-2 arrive, part 3 is refused
    mark = world.api.mark()
    assert (await pusher.run_due(bot.app.bot)).failed == 1

    world.clock.set("2025-01-18T08:01:00")
    assert (await restarted_pusher(pusher).run_due(bot.app.bot)).sent == 1
    assert [c.params["text"] for c in sent_to(world.api, USER_ID, mark)] == parts  # each part exactly once
    assert all(not check_telegram_html(p)[0] for p in parts)
