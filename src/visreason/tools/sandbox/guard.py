"""The Python-level layer: what model-written code may name, import and reach.

This layer turns the common mistakes and the obvious escapes into clear error messages the
model can learn from ("import of 'os' is not allowed"). It is not the security boundary:
Python cannot be sandboxed from inside, and numpy or PIL offer ways to corrupt memory. The
operating-system layers (see confine.py) hold even when this one is broken.

Rules: no names or attributes that start with an underscore (dunders, privates), no frame,
code or ctypes internals, no attribute assignment, no classes; imports only from an
allow-list, and modules come wrapped so that their module-valued attributes (PIL.Image.os)
and file functions (numpy.load, Image.open) are out of reach; builtins are a safe subset
whose getattr/hasattr apply the same rules. Standard library only, loaded by path.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import sys
import types
from typing import Any

MAX_CODE_CHARS = 20_000
MAX_NODES = 20_000

ALLOWED_MODULES = frozenset({
    "math", "cmath", "random", "itertools", "functools", "collections", "statistics",
    "colorsys", "fractions", "decimal", "heapq", "bisect", "re", "json", "copy",
    "PIL", "numpy", "cv2",
})
# Submodules of allowed packages that are themselves unsafe or pointless here.
DENIED_SUBMODULES = frozenset({
    "PIL.ImageShow", "PIL.ImageGrab", "PIL.ImageTk", "PIL.ImageQt", "PIL.ImageWin",
    "PIL.ImageCms", "PIL.features", "numpy.ctypeslib", "numpy.f2py", "numpy.distutils",
    "numpy.testing", "numpy.lib.npyio", "numpy.lib.format",
})
# Attribute names nobody reaches, whatever the object: interpreter internals, raw memory,
# writing files, string-driven attribute lookup, process control.
DENIED_ATTRIBUTES = frozenset({
    "gi_frame", "gi_code", "gi_yieldfrom", "gi_running", "cr_frame", "cr_code", "cr_await",
    "ag_frame", "ag_code", "ag_await", "f_back", "f_globals", "f_locals", "f_builtins",
    "f_code", "f_trace", "tb_frame", "tb_next", "co_code", "co_consts", "func_globals",
    "ctypes", "ctypeslib", "as_strided", "format_map", "mro", "modules", "open", "save",
    "tofile", "dump", "load_lut", "save_lut", "imread", "imreadmulti", "imwrite",
    "VideoCapture", "VideoWriter", "FileStorage", "CascadeClassifier", "system", "popen",
    "environ",
})
# Module functions that read or write files, per package (np.load, ImageFont.truetype...).
DENIED_BY_PACKAGE = {
    "numpy": frozenset({"load", "loadtxt", "genfromtxt", "fromfile", "fromregex", "save",
                        "savetxt", "savez", "savez_compressed", "memmap", "DataSource",
                        "open_memmap", "info", "show_config", "show_runtime"}),
    "PIL": frozenset({"truetype", "load", "load_path", "FreeTypeFont", "registered_extensions"}),
    "cv2": frozenset({"dnn", "readNet", "haveImageReader", "haveImageWriter", "utils"}),
}

SAFE_BUILTINS = (
    "abs", "all", "any", "bin", "bool", "bytes", "callable", "chr", "complex", "dict",
    "divmod", "enumerate", "filter", "float", "format", "frozenset", "hash", "hex", "int",
    "isinstance", "issubclass", "iter", "len", "list", "map", "max", "min", "next", "oct",
    "ord", "pow", "range", "repr", "reversed", "round", "set", "slice", "sorted", "str",
    "sum", "tuple", "zip", "True", "False", "None", "Ellipsis", "NotImplemented",
    "ArithmeticError", "AssertionError", "AttributeError", "Exception", "IndexError",
    "KeyError", "LookupError", "MemoryError", "NameError", "OverflowError", "RuntimeError",
    "StopIteration", "TypeError", "ValueError", "ZeroDivisionError",
)


class GuardError(Exception):
    """Code the sandbox refuses to run; the message is meant for the model."""


def _bad_name(name: str) -> bool:
    return name.startswith("_") and name != "_"


class _Checker(ast.NodeVisitor):
    def __init__(self) -> None:
        self.nodes = 0

    def generic_visit(self, node: ast.AST) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise GuardError("the code is too long")
        super().generic_visit(node)

    def _fail(self, node: ast.AST, message: str) -> None:
        raise GuardError(f"line {getattr(node, 'lineno', '?')}: {message}")

    def visit_Name(self, node: ast.Name) -> None:
        if _bad_name(node.id):
            self._fail(node, f"names starting with an underscore ({node.id}) are not allowed")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr.startswith("_"):
            self._fail(node, f"attribute '{node.attr}' is not allowed")
        if node.attr in DENIED_ATTRIBUTES:
            self._fail(node, f"attribute '{node.attr}' is not available in the sandbox"
                       + (" (leave the new image in `result` instead of saving it)"
                          if node.attr == "save" else ""))
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self._fail(node, "assigning or deleting attributes is not allowed")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format" and not (
                isinstance(func.value, ast.Constant) and isinstance(func.value.value, str)
                and not _format_reaches_attributes(func.value.value)):
            self._fail(node, "str.format is allowed only on a literal without .attribute or "
                             "[index] fields; use an f-string")
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            check_module(alias.name, node)
            if alias.asname and _bad_name(alias.asname):
                self._fail(node, f"names starting with an underscore ({alias.asname}) are "
                                 "not allowed")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module:
            self._fail(node, "relative imports are not allowed")
        check_module(node.module, node)
        for alias in node.names:
            if alias.name == "*":
                self._fail(node, "'import *' is not allowed")
            if _bad_name(alias.name) or (alias.asname and _bad_name(alias.asname)):
                self._fail(node, "names starting with an underscore are not allowed")
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._fail(node, "class definitions are not allowed; use functions")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if _bad_name(node.name):
            self._fail(node, f"names starting with an underscore ({node.name}) are not allowed")
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_arg(self, node: ast.arg) -> None:
        if _bad_name(node.arg):
            self._fail(node, f"names starting with an underscore ({node.arg}) are not allowed")
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            if _bad_name(name):
                self._fail(node, f"names starting with an underscore ({name}) are not allowed")
        self.generic_visit(node)


def _format_reaches_attributes(template: str) -> bool:
    """True when a format template has a field like {0.attr} or {x[key]}."""
    depth, field = 0, []
    for char in template:
        if char == "{":
            depth += 1
            field = []
        elif char == "}":
            if depth and any(c in ".[" for c in "".join(field).split(":")[0].split("!")[0]):
                return True
            depth = max(0, depth - 1)
        elif depth:
            field.append(char)
    return False


def check_module(name: str, node: ast.AST | None = None) -> None:
    top = name.split(".")[0]
    parts = name.split(".")
    if (top not in ALLOWED_MODULES or any(p.startswith("_") for p in parts)
            or any(name == d or name.startswith(d + ".") for d in DENIED_SUBMODULES)):
        where = f"line {getattr(node, 'lineno', '?')}: " if node is not None else ""
        raise GuardError(f"{where}import of '{name}' is not allowed; available: "
                         + ", ".join(sorted(ALLOWED_MODULES - {"cv2"} | _present_cv2())))


def _present_cv2() -> set[str]:
    return {"cv2"} if "cv2" in sys.modules else set()


def check_code(code: str) -> ast.Module:
    """Parse and check `code`; GuardError with a model-readable message when refused."""
    if not isinstance(code, str):
        raise GuardError("the code must be a string")
    if len(code) > MAX_CODE_CHARS:
        raise GuardError(f"the code is longer than {MAX_CODE_CHARS} characters")
    try:
        tree = ast.parse(code, filename="<code>", mode="exec")
    except SyntaxError as exc:
        raise GuardError(f"SyntaxError: {exc.msg} (line {exc.lineno})") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise GuardError(f"the code cannot be parsed ({type(exc).__name__})") from None
    try:
        _Checker().visit(tree)
    except RecursionError:
        raise GuardError("the code is nested too deeply") from None
    return tree


class ModuleProxy:
    """A read-only view of an allowed module: no module-valued or file attributes."""

    __slots__ = ("_vr_module",)

    def __init__(self, module: types.ModuleType) -> None:
        object.__setattr__(self, "_vr_module", module)

    def __getattr__(self, name: str) -> Any:
        module = object.__getattribute__(self, "_vr_module")
        return reach(module, name, module.__name__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("modules are read-only in the sandbox")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("modules are read-only in the sandbox")

    def __repr__(self) -> str:
        return f"<module {object.__getattribute__(self, '_vr_module').__name__!r}>"

    def __dir__(self) -> list[str]:
        module = object.__getattribute__(self, "_vr_module")
        denied = DENIED_BY_PACKAGE.get(module.__name__.split(".")[0], frozenset())
        return [n for n in dir(module)
                if not n.startswith("_") and n not in DENIED_ATTRIBUTES | denied]


def _wrap_module(module: types.ModuleType) -> Any:
    check_module(module.__name__)
    return ModuleProxy(module)


def reach(obj: Any, name: str, owner: str | None = None) -> Any:
    """getattr under the guard's rules; used by the module proxy and the safe builtins."""
    if not isinstance(name, str):
        raise TypeError("attribute name must be a string")
    package = (owner or "").split(".")[0]
    if (name.startswith("_") or name in DENIED_ATTRIBUTES
            or name in DENIED_BY_PACKAGE.get(package, ())):
        raise AttributeError(f"attribute '{name}' is not available in the sandbox")
    if isinstance(obj, ModuleProxy):
        return getattr(obj, name)
    value = getattr(obj, name)
    if isinstance(value, types.ModuleType):
        try:
            return _wrap_module(value)
        except GuardError:
            raise AttributeError(f"module '{value.__name__}' is not available in the "
                                 "sandbox") from None
    return value


def _import(name: str, globals: Any = None, locals: Any = None,
            fromlist: Any = (), level: int = 0) -> Any:
    if level:
        raise ImportError("relative imports are not allowed")
    if isinstance(fromlist, list) and not fromlist and globals is locals:
        # PyImport_Import: C code of an allowed library importing its own internals (numpy's
        # array.min() does), with an empty list where import statements pass None or a tuple.
        # User code cannot call this function directly: the checker refuses `__import__`.
        if name.split(".")[0] in ALLOWED_MODULES:
            return importlib.import_module(name)
        raise ImportError(f"import of '{name}' is not allowed")
    try:
        check_module(name)
    except GuardError as exc:
        raise ImportError(str(exc)) from None
    module = importlib.import_module(name)
    if fromlist:
        for item in fromlist:
            if not isinstance(item, str) or item.startswith("_"):
                raise ImportError("names starting with an underscore are not allowed")
            sub = f"{name}.{item}"
            if not hasattr(module, item):
                try:
                    check_module(sub)
                except GuardError as exc:
                    raise ImportError(str(exc)) from None
                importlib.import_module(sub)
        return _FromProxy(module)
    return _wrap_module(importlib.import_module(name.split(".")[0]))


class _FromProxy:
    """What `from X import a, b` reads a and b from, under the same rules."""

    __slots__ = ("_vr_module",)

    def __init__(self, module: types.ModuleType) -> None:
        object.__setattr__(self, "_vr_module", module)

    def __getattr__(self, name: str) -> Any:
        module = object.__getattribute__(self, "_vr_module")
        return reach(module, name, module.__name__)


def _safe_getattr(obj: Any, name: str, *default: Any) -> Any:
    try:
        return reach(obj, name)
    except AttributeError:
        if default:
            return default[0]
        raise


def _safe_hasattr(obj: Any, name: str) -> bool:
    try:
        reach(obj, name)
    except AttributeError:
        return False
    return True


def _safe_type(obj: Any) -> type:
    return type(obj)


def make_builtins(print_function: Any) -> dict[str, Any]:
    safe = {name: getattr(builtins, name) for name in SAFE_BUILTINS}
    safe.update(getattr=_safe_getattr, hasattr=_safe_hasattr, type=_safe_type,
                print=print_function, __import__=_import)
    return safe
