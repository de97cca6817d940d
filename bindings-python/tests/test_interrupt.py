"""Ctrl-C stops a long call: the call raises KeyboardInterrupt instead of finishing, and
nothing it would have changed is changed. A child process sends itself SIGINT (as Ctrl-C
does) while the call runs, and reports what happened."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import os, signal, threading, time
    import quanyu
    from quanyu import contracts

    def interrupt_soon():
        threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()

    def attempt(what, call):
        interrupt_soon()
        started = time.monotonic()
        try:
            call()
        except KeyboardInterrupt:
            print(f"{what}: interrupted after {time.monotonic() - started:.2f} s", flush=True)
        else:
            print(f"{what}: finished", flush=True)

    # Generating a district takes seconds: it stops between subdistricts.
    attempt("generation", lambda: quanyu.synth.district(1))

    net = quanyu.synth.district(2)
    before = net.copy()
    planner = contracts.Planner()
    attempt("plan", lambda: planner.plan(net, quanyu.synth.REFERENCE_DATE))
    # Nothing changed, and the planner still plans correctly (what it kept is right).
    print("unchanged:", net == before, flush=True)
    again = planner.plan(net, quanyu.synth.REFERENCE_DATE)
    fresh = contracts.plan(net, quanyu.synth.REFERENCE_DATE)
    print("same plan:", again.to_dict() == fresh.to_dict(), flush=True)
    """
)


def test_ctrl_c_raises_keyboard_interrupt_and_changes_nothing() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    print("\n".join(lines))
    assert lines[0].startswith("generation: interrupted after"), lines
    assert lines[1].startswith("plan: interrupted after"), lines
    assert lines[2:] == ["unchanged: True", "same plan: True"]
