"""Every escape the issue lists, tried and blocked; the host survives and the pool recovers.

Each escape runs twice where it makes sense: through the Python-level guard (what a model
meets) and with the guard switched off, so the operating-system layers alone must hold.
"""

from __future__ import annotations

import os
import select
import socket
import tempfile
import threading
import uuid
from pathlib import Path

import pytest
from PIL import Image

from visreason.tools.sandbox import SandboxLimits, SandboxPool

LIMITS = SandboxLimits(timeout=3.0, cpu_seconds=1.0, memory_mb=256, max_output_chars=2000)
pytestmark = pytest.mark.sandbox


@pytest.fixture(scope="module")
def guarded():
    with SandboxPool(1, LIMITS, require=("namespaces", "seccomp", "python_guard")) as pool:
        yield pool


@pytest.fixture(scope="module")
def bare():
    """Full operating-system isolation, Python guard off: what holds if the guard breaks."""
    with SandboxPool(1, LIMITS, python_guard=False, require=("namespaces", "seccomp")) as pool:
        yield pool


@pytest.fixture(scope="module")
def picture() -> Image.Image:
    return Image.new("RGB", (32, 24), (200, 10, 10))


def still_works(pool: SandboxPool, picture: Image.Image) -> None:
    result = pool.run("result = image.rotate(180)", picture)
    assert result.ok and result.images[0].size == (32, 24), result.error


def blocked(pool: SandboxPool, code: str, picture=None, leak: str | None = None):
    result = pool.run(code, picture)
    assert not result.ok, f"ran: {code!r} -> {result.stdout!r}"
    text = f"{result.stdout}\n{result.error}"
    if leak is not None:
        assert leak not in text
    return result


# -- files -------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", [
    "print(open('/etc/passwd').read())",
    "from PIL import Image\nprint(Image.open('/etc/passwd'))",
    "print(np.fromfile('/etc/passwd', dtype=np.uint8))",
    "print(np.loadtxt('/etc/passwd', dtype=str))",
    "import pathlib\nprint(pathlib.Path('/etc/passwd').read_text())",
])
def test_reading_passwd_is_refused_by_the_guard(guarded, picture, code) -> None:
    blocked(guarded, code, picture, leak="root:")
    still_works(guarded, picture)


def test_reading_passwd_fails_without_the_guard(bare, picture) -> None:
    result = blocked(bare, "print(open('/etc/passwd').read())", picture, leak="root:")
    assert "Error" in result.error
    raw = blocked(bare, "import os\nfd = os.open('/etc/passwd', os.O_RDONLY)\n"
                        "print(os.read(fd, 100))", leak="root:")
    assert "Error" in raw.error


def test_the_users_home_is_out_of_reach(guarded, bare, picture) -> None:
    home = str(Path.home())
    blocked(guarded, f"import os\nprint(os.listdir({home!r}))", picture)
    result = blocked(bare, f"import os\nprint(os.listdir({home!r}))", picture)
    assert "Error" in result.error
    blocked(bare, f"print(open({os.path.join(home, '.bashrc')!r}).read())", picture)


def test_writing_outside_the_work_dir_fails(guarded, bare, picture, tmp_path) -> None:
    for target in (tmp_path / f"escape-{uuid.uuid4().hex}",
                   Path(tempfile.gettempdir()) / f"escape-{uuid.uuid4().hex}"):
        blocked(guarded, f"open({str(target)!r}, 'w').write('x')", picture)
        blocked(guarded, f"image.save({str(target)!r} + '.png')", picture)
        blocked(bare, f"open({str(target)!r}, 'w').write('x')", picture)
        blocked(bare, f"image.save({str(target)!r} + '.png')", picture)
        assert not target.exists() and not Path(f"{target}.png").exists()


def test_the_work_dir_is_private_and_emptied(bare, picture) -> None:
    wrote = bare.run("open('note.txt', 'w').write('secret')\nprint('ok')", picture)
    assert wrote.ok, wrote.error
    after = bare.run("import os\nprint(sorted(os.listdir('.')))", picture)
    assert after.stdout.strip() == "[]"


# -- network -----------------------------------------------------------------------------------
@pytest.fixture
def listener():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                accepted.append(server.accept())
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    server.close()


def test_sockets_are_refused(guarded, bare, picture, listener) -> None:
    port, accepted = listener
    connect = f"import socket\ns = socket.create_connection(('127.0.0.1', {port}), 1)\nprint('in')"
    blocked(guarded, connect, picture)
    blocked(bare, connect, picture)
    raw = bare.run("import ctypes\nprint(ctypes.CDLL(None).socket(2, 1, 0))", picture)
    assert raw.ok and raw.stdout.strip() == "-1"  # seccomp: socket(2) fails
    assert accepted == []


# -- imports and Python-level tricks -------------------------------------------------------------
@pytest.mark.parametrize("code", [
    "import os", "import subprocess", "import ctypes", "import socket", "import sys",
    "import builtins", "import importlib", "from os import system", "import numpy.ctypeslib",
    "from PIL import ImageShow", "import operator", "import string",
    "__import__('os')", "x = __builtins__", "print.__self__",
    "().__class__.__base__.__subclasses__()",
    "[c for c in ().__class__.__bases__[0].__subclasses__()]",
    "getattr(getattr((), '__class__'), '__base__')",
    "getattr(image, '_new')", "getattr(np, 'load')('/etc/passwd')",
    "print(Image.os.listdir('/'))", "print(getattr(Image, 'os'))", "print(Image.core)",
    "print(np.ctypeslib)", "np.lib.stride_tricks.as_strided(np.zeros(1), (10**6,))",
    "print('{0.__class__}'.format(image))", "fmt = '{0.size}'\nprint(fmt.format(image))",
    "print(type(image).mro())", "g = (x for x in [1])\nprint(g.gi_frame.f_globals)",
    "def f():\n    pass\nprint(f.__globals__)", "image.load = None", "class A:\n    pass",
    "try:\n    1/0\nexcept Exception as e:\n    print(e.__traceback__.tb_frame.f_globals)",
    "print(np.asarray(image).ctypes.data)", "exec('import os')", "eval('1')",
    "compile('1', 'x', 'eval')", "globals()", "vars(np)",
])
def test_python_level_escapes_are_refused(guarded, picture, code) -> None:
    result = blocked(guarded, code, picture)
    assert result.status in ("refused", "error")
    still_works(guarded, picture)


# -- resources -----------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["while True:\n    pass", "x = 2 ** (10 ** 10)",
                                  "while True:\n    try:\n        pass\n    except BaseException:\n"
                                  "        pass"])
def test_infinite_work_is_stopped(guarded, picture, code) -> None:
    result = blocked(guarded, code, picture)
    assert result.status in ("timeout", "cpu", "memory")
    assert result.seconds < LIMITS.timeout + 5
    still_works(guarded, picture)


def test_fork_bombs_go_nowhere(guarded, bare, picture) -> None:
    blocked(guarded, "import os\nwhile True:\n    os.fork()", picture)
    result = blocked(bare, "import os\nwhile True:\n    os.fork()", picture)
    assert "Operation not permitted" in result.error
    blocked(bare, "import subprocess\nsubprocess.run(['true'])", picture)
    blocked(bare, "import os\nos.execv('/bin/true', ['true'])", picture)
    still_works(bare, picture)


@pytest.mark.parametrize("code", ["x = [0] * (10 ** 10)", "x = 'x' * (10 ** 11)",
                                  "x = np.ones((200000, 200000))",
                                  "x = []\nwhile True:\n    x.append(np.ones(10 ** 6))"])
def test_memory_bombs_hit_the_limit(guarded, picture, code) -> None:
    result = blocked(guarded, code, picture)
    assert result.status in ("memory", "crash", "error", "timeout", "cpu")
    still_works(guarded, picture)


def test_signals_do_not_reach_the_host(bare, picture) -> None:
    host = os.getpid()
    for code in (f"import os, signal\nos.kill({host}, signal.SIGKILL)",
                 "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
                 "import os, signal\nos.killpg(0, signal.SIGKILL)",
                 "import os, signal\nos.kill(-1, signal.SIGKILL)"):
        result = blocked(bare, code, picture)
        assert result.status == "error", result.error
    assert bare.replaced == 0  # not even the worker was hit
    still_works(bare, picture)


def test_the_environment_holds_no_secrets(bare, picture, monkeypatch) -> None:
    monkeypatch.setenv("VISREASON_TEST_SECRET", "hunter2")
    result = bare.run("import os\nprint(sorted(os.environ))", picture)
    assert "VISREASON_TEST_SECRET" not in result.stdout
    assert "OPENAI_API_KEY" not in result.stdout


def test_a_crashing_call_costs_only_itself(bare, picture) -> None:
    result = blocked(bare, "import ctypes\nctypes.string_at(0)", picture)
    assert result.status == "crash"
    still_works(bare, picture)


def test_a_dead_worker_is_replaced(picture) -> None:
    with SandboxPool(1, LIMITS) as pool:
        worker = pool._idle.queue[0]
        worker.process.kill()
        worker.process.wait()
        hangup = select.poll()  # the worker inside dies with bubblewrap: wait for its pipe
        hangup.register(worker.resp_fd, select.POLLHUP)
        assert hangup.poll(10_000)
        first = pool.run("result = image", picture)
        assert not first.ok and first.status == "crash"
        second = pool.run("result = image", picture)
        assert second.ok, second.error
        assert pool.replaced == 1


def test_layers_are_reported(guarded) -> None:
    layers = guarded.layers
    assert layers["process"] and layers["rlimits"] and layers["python_guard"]
    assert layers["namespaces"] == "bubblewrap" and layers["seccomp"] is True


def test_each_layer_alone_stops_file_reads(picture) -> None:
    """Landlock alone and seccomp alone each keep /etc/passwd unreadable."""
    from visreason.tools.sandbox.confine import landlock_abi

    cases = [("bubblewrap", "landlock")]
    if landlock_abi() >= 1:
        cases.append(("bubblewrap", "seccomp"))
    for skip in cases:
        with SandboxPool(1, LIMITS, python_guard=False, skip=skip) as pool:
            assert pool.layers["namespaces"] != "bubblewrap"
            blocked(pool, "print(open('/etc/passwd').read())", picture, leak="root:")
            still_works(pool, picture)
