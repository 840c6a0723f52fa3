"""Child processes of a benchmark run: started in their own session, always stopped.

Every process perf/run starts goes through `start()`, which records it in a registry;
`stop_all()` (called from `finally`, on SIGINT/SIGTERM and at exit) stops whatever is
still running: SIGTERM, a grace period, then SIGKILL of the whole process group.
"""
import atexit
import os
import signal
import subprocess
import time

_running = []  # Process objects not yet stopped


class Process:
    """One child process: a name for messages, its log file and a clean stop."""

    def __init__(self, name, argv, log_path, env=None, stdin=None, stdout=None, cwd=None):
        self.name = name
        self.argv = [str(a) for a in argv]
        self.log_path = log_path
        self._log = open(log_path, "ab", buffering=0)
        self._log.write(("$ " + " ".join(self.argv) + "\n").encode())
        self.popen = subprocess.Popen(
            self.argv,
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
            stdout=stdout if stdout is not None else self._log,
            stderr=self._log,
            env=env,
            cwd=cwd,
            start_new_session=True,  # its own process group: Ctrl-C reaches us only
        )
        self.pid = self.popen.pid
        _running.append(self)

    def alive(self):
        return self.popen.poll() is None

    def log_tail(self, lines=6):
        try:
            with open(self.log_path, "rb") as f:
                text = f.read()[-8192:].decode(errors="replace")
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])

    def stop(self, grace_s=10.0, sig=signal.SIGTERM):
        """Signal the process (DPDK processes clean up on SIGTERM), then kill if needed."""
        if self.popen.poll() is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.popen.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.popen.wait(timeout=10)
        for stream in (self.popen.stdin, self.popen.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        self._log.close()
        if self in _running:
            _running.remove(self)
        return self.popen.returncode


def start(name, argv, log_path, **kwargs):
    return Process(name, argv, log_path, **kwargs)


def run(argv, log_path=None, check=True, timeout=60, env=None):
    """A short command (ovs-vsctl, nfvctl...): its stdout, or an error with its output."""
    result = subprocess.run([str(a) for a in argv], capture_output=True, text=True,
                            timeout=timeout, env=env)
    if log_path:
        with open(log_path, "a") as f:
            f.write("$ " + " ".join(str(a) for a in argv) + "\n" + result.stdout + result.stderr)
    if check and result.returncode != 0:
        raise RuntimeError("{} failed ({}): {}".format(
            os.path.basename(str(argv[0])), result.returncode,
            (result.stderr or result.stdout).strip()[-400:]))
    return result.stdout


def wait_for(predicate, timeout_s, what, process=None, interval_s=0.05):
    """Poll until predicate() is true; fail early if `process` died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        if process is not None and not process.alive():
            raise RuntimeError("{} exited ({}) while waiting for {}: {}".format(
                process.name, process.popen.returncode, what, process.log_tail()))
        time.sleep(interval_s)
    tail = ": " + process.log_tail() if process is not None else ""
    raise RuntimeError("timed out after {:.0f} s waiting for {}{}".format(timeout_s, what, tail))


def stop_all():
    for process in list(reversed(_running)):
        try:
            process.stop(grace_s=5)
        except Exception:  # noqa: BLE001 - stopping the rest matters more
            pass


def install_handlers():
    """Ctrl-C / SIGTERM: raise KeyboardInterrupt in the main thread so `finally` blocks run."""
    def on_signal(signum, _frame):
        raise KeyboardInterrupt("signal {}".format(signum))
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    atexit.register(stop_all)
