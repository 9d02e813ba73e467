"""Operating-system layers the worker applies to itself and to each per-call child.

- namespaces (when not already inside bubblewrap): a new user, network and IPC namespace via
  unshare(2), so there is no network device to reach anything through;
- resource limits: address space, CPU seconds, file size, open files, no core dumps;
- Landlock (Linux 5.13+, unprivileged): file access only beneath the work directory, no TCP
  bind/connect (ABI 4+), no signals or abstract sockets outside the sandbox (ABI 6+);
- seccomp (libseccomp through pyseccomp): the worker may not open sockets, exec, ptrace,
  mount or change identity; a child may additionally not fork, clone, signal, change its
  limits or leave its directory, and without Landlock it may not open files at all.

Every layer reports whether it took effect, so the host can say what protects a run.
Standard library (plus the optional pyseccomp) only: loaded by path inside the worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import resource
import struct
from typing import Any

CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWIPC = 0x10000000, 0x40000000, 0x08000000
PR_SET_NO_NEW_PRIVS = 38

# Landlock (include/uapi/linux/landlock.h)
_LL_CREATE, _LL_ADD_RULE, _LL_RESTRICT = 444, 445, 446
_LL_VERSION = 1
_LL_RULE_PATH_BENEATH = 1
_FS_EXECUTE, _FS_MAKE_CHAR, _FS_MAKE_SOCK = 1 << 0, 1 << 6, 1 << 9
_FS_MAKE_FIFO, _FS_MAKE_BLOCK, _FS_IOCTL_DEV = 1 << 10, 1 << 11, 1 << 15

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def unshare_network() -> str | None:
    """Leave the host's network (and IPC) namespace; None when the kernel refuses."""
    for flags, name in ((CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC, "user+net+ipc"),
                        (CLONE_NEWNET | CLONE_NEWIPC, "net+ipc")):
        if _libc.unshare(ctypes.c_int(flags)) == 0:
            return name
    return None


def set_limits(memory_bytes: int | None, cpu_seconds: int | None, file_bytes: int,
               open_files: int) -> None:
    """Lower this process's limits (soft and hard, so the code cannot raise them again)."""
    def lower(kind: int, value: int) -> None:
        _soft, hard = resource.getrlimit(kind)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, value))

    lower(resource.RLIMIT_CORE, 0)
    lower(resource.RLIMIT_FSIZE, file_bytes)
    lower(resource.RLIMIT_NOFILE, open_files)
    if memory_bytes is not None:
        lower(resource.RLIMIT_AS, memory_bytes)
    if cpu_seconds is not None:
        _soft, _hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def address_space() -> int | None:
    """Bytes of virtual memory this process maps now (for a budget on top of it)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def landlock_abi() -> int:
    abi = _libc.syscall(_LL_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(_LL_VERSION))
    return int(abi) if abi > 0 else 0


def landlock(workdir: str) -> int | None:
    """Allow file access only beneath `workdir` (no exec, no devices); deny TCP and outside
    signals where the kernel's Landlock ABI knows them. Returns the ABI applied, or None."""
    abi = landlock_abi()
    if abi < 1:
        return None
    fs = (1 << 13) - 1
    if abi >= 2:
        fs |= 1 << 13  # REFER
    if abi >= 3:
        fs |= 1 << 14  # TRUNCATE
    if abi >= 5:
        fs |= _FS_IOCTL_DEV
    net = 0b11 if abi >= 4 else 0  # BIND_TCP | CONNECT_TCP
    scoped = 0b11 if abi >= 6 else 0  # ABSTRACT_UNIX_SOCKET | SIGNAL
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    attr = ctypes.create_string_buffer(struct.pack("=QQQ", fs, net, scoped), 24)
    ruleset = _libc.syscall(_LL_CREATE, attr, ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return None
    try:
        allowed = fs & ~(_FS_EXECUTE | _FS_MAKE_CHAR | _FS_MAKE_SOCK | _FS_MAKE_FIFO
                         | _FS_MAKE_BLOCK | _FS_IOCTL_DEV)
        directory = os.open(workdir, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            rule = ctypes.create_string_buffer(struct.pack("=Qi", allowed, directory), 12)
            if _libc.syscall(_LL_ADD_RULE, ctypes.c_int(ruleset),
                             ctypes.c_int(_LL_RULE_PATH_BENEATH), rule, ctypes.c_uint32(0)):
                return None
        finally:
            os.close(directory)
        if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0):
            return None
        if _libc.syscall(_LL_RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0)):
            return None
    finally:
        os.close(ruleset)
    return abi


# -- seccomp ---------------------------------------------------------------------------------
WORKER_DENIED = (
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "sendmsg",
    "sendmmsg", "recvmsg", "recvmmsg", "sendto", "recvfrom", "execve", "execveat", "ptrace",
    "process_vm_readv", "process_vm_writev", "mount", "umount2", "pivot_root", "chroot",
    "setns", "unshare", "bpf", "perf_event_open", "keyctl", "add_key", "request_key",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "personality", "userfaultfd", "io_uring_setup",
    "io_uring_enter", "io_uring_register", "setuid", "setgid", "setreuid", "setregid",
    "setresuid", "setresgid", "setgroups", "setfsuid", "setfsgid", "capset", "iopl", "ioperm",
    "syslog", "settimeofday", "clock_settime", "adjtimex", "sethostname", "setdomainname",
    "name_to_handle_at", "open_by_handle_at", "fanotify_init", "mknod", "mknodat", "link",
    "linkat", "symlink", "symlinkat", "chown", "fchown", "lchown", "fchownat", "fsopen",
    "fsmount", "fsconfig", "move_mount", "open_tree", "pidfd_getfd", "memfd_create",
    "mbind", "migrate_pages", "move_pages", "vhangup",
)
CHILD_DENIED = (
    "fork", "vfork", "clone", "kill", "tkill", "tgkill", "rt_sigqueueinfo",
    "rt_tgsigqueueinfo", "pidfd_open", "pidfd_send_signal", "setrlimit", "prlimit64",
    "setpgid", "setsid", "setpriority", "sched_setaffinity", "sched_setscheduler", "prctl",
    "seccomp", "chdir", "fchdir",
)
FILES_DENIED = (  # when Landlock is missing: the child gets no file system at all
    "open", "openat", "openat2", "creat", "truncate", "rename", "renameat", "renameat2",
    "unlink", "unlinkat", "mkdir", "mkdirat", "rmdir", "access", "faccessat", "faccessat2",
    "readlink", "readlinkat", "chmod", "fchmodat", "utimensat", "utimes",
)


def seccomp_available() -> bool:
    try:
        import pyseccomp  # noqa: F401
    except (ImportError, RuntimeError, OSError):
        return False
    return True


def _filter(names: tuple[str, ...], enosys: tuple[str, ...] = ()) -> Any:
    import pyseccomp as seccomp

    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for name in names:
        try:
            rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (OSError, RuntimeError, ValueError):  # not a syscall on this architecture
            continue
    for name in enosys:  # glibc falls back from clone3 to clone, which the filter refuses
        try:
            rules.add_rule(seccomp.ERRNO(errno.ENOSYS), name)
        except (OSError, RuntimeError, ValueError):
            continue
    # TIOCSTI would push keystrokes into a terminal the worker still shares.
    with contextlib.suppress(OSError, RuntimeError, ValueError):
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "ioctl",
                       seccomp.Arg(1, seccomp.MASKED_EQ, 0xFFFFFFFF, 0x5412))
    return rules


def worker_filter() -> Any:
    return _filter(WORKER_DENIED)


def child_filter(files: bool) -> Any:
    """The stricter filter each child loads on top of the worker's (filters stack)."""
    return _filter(WORKER_DENIED + CHILD_DENIED + (() if files else FILES_DENIED),
                   enosys=("clone3",))
