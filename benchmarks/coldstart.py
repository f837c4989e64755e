"""Cold start, measured from process start: `python -m benchmarks.coldstart DB|--empty`.

The parent sets BENCH_T0 (time.time()) just before it starts this process, so the
figure includes the interpreter's start and every import. The child runs the app
headless (`run_test`, 120x40) and stops the clock when the first frame that shows
inbox rows has been painted (see benchmarks.frames). `--empty` runs an empty Textual
app instead: the reference, the floor set by Python and Textual themselves.
Prints `@@RESULT {json}`: seconds since BENCH_T0 at each step, and peak RSS.
"""

import os
import sys
import time

T0 = float(os.environ.get("BENCH_T0", time.time()))
T_MAIN = time.time()


def _result(data: dict) -> None:
    import json
    import resource

    data["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    sys.stdout.write("@@RESULT " + json.dumps(data) + "\n")
    sys.stdout.flush()


async def _run(target: str, reviewer: str) -> dict:
    out = {"interpreter": T_MAIN - T0}
    if target == "--empty":
        from textual.app import App
        from textual.widgets import Static

        out["imported"] = time.time() - T0

        class Empty(App):
            def compose(self):
                yield Static("沪科提复〔2025〕56号")

        app = Empty()
    else:
        from cppcc_review.tui.app import ReviewApp

        out["imported"] = time.time() - T0
        app = ReviewApp(db_path=target, reviewer=reviewer)
    out["constructed"] = time.time() - T0
    from benchmarks.frames import FrameRecorder

    frames = FrameRecorder(app)
    async with app.run_test(size=(120, 40)):
        matched = await frames.wait_for(FrameRecorder.looks_like_inbox, timeout=120)
        # perf_counter -> wall clock for this one instant
        out["first_frame"] = time.time() - (time.perf_counter() - matched) - T0
        out["frames"] = frames.count
        _result(out)
        # Stop here: tearing down is not part of a cold start.
        os._exit(0)
    return out


def main() -> None:
    import asyncio

    target = sys.argv[1]
    reviewer = sys.argv[2] if len(sys.argv) > 2 else "bench"
    asyncio.run(_run(target, reviewer))


if __name__ == "__main__":
    main()
