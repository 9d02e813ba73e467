"""What a tool call's code claims to do, read from its syntax tree without running it.

Recognises the usual ways to re-orient a picture (PIL rotate/transpose, ImageOps.mirror/flip,
numpy rot90/flip/fliplr/flipud and reversed slices, cv2.rotate/flip), crops (PIL crop, array
slices) with boxes worked out from literals, simple arithmetic and the image size, and
contrast operations. Rewards pair this claim with what the produced picture shows, so a call
earns credit only when the code says it undid the corruption and the pixels agree.
Never raises: code that does not parse claims nothing. Linear in the size of the code.
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass, field
from typing import Any

from .transforms import compose_all

_PIL_TRANSPOSE = {
    "ROTATE_90": "rotate90", "ROTATE_180": "rotate180", "ROTATE_270": "rotate270",
    "FLIP_LEFT_RIGHT": "flip_h", "FLIP_TOP_BOTTOM": "flip_v", "TRANSPOSE": "transpose",
    "TRANSVERSE": "transverse",
}
_CV2_ROTATE = {"ROTATE_90_COUNTERCLOCKWISE": "rotate90", "ROTATE_180": "rotate180",
               "ROTATE_90_CLOCKWISE": "rotate270"}
_QUARTERS = {0: "identity", 1: "rotate90", 2: "rotate180", 3: "rotate270"}
_CONTRAST = {"autocontrast", "equalize", "equalizeHist", "createCLAHE", "normalize",
             "Contrast", "convertScaleAbs"}
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}
MAX_CODE = 20_000


@dataclass
class CodeClaims:
    """Operations found in the code, in the order they run."""

    ops: list[str] = field(default_factory=list)  # D4 element names
    crops: list[tuple[float, float, float, float]] = field(default_factory=list)
    contrast: bool = False
    resize: bool = False
    parsed: bool = True

    @property
    def net(self) -> str:
        return compose_all(self.ops)

    def as_dict(self) -> dict[str, Any]:
        return {"ops": list(self.ops), "net": self.net, "crops": [list(c) for c in self.crops],
                "contrast": self.contrast, "resize": self.resize, "parsed": self.parsed}


def _name(node: ast.AST) -> str | None:
    """The last name of a dotted reference: Image.Transpose.ROTATE_90 -> ROTATE_90."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


class _Reader(ast.NodeVisitor):
    def __init__(self, size: tuple[int, int] | None) -> None:
        self.claims = CodeClaims()
        self.env: dict[str, Any] = {}
        self.size = size
        self.stretch: set[str] = set()

    # -- values ------------------------------------------------------------------------
    def value(self, node: ast.AST | None) -> Any:
        """A number or tuple the expression surely has, else None."""
        if node is None:
            return None
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and \
                not isinstance(node.value, bool):
            return node.value
        if isinstance(node, ast.Name):
            return self.env.get(node.id)
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [self.value(e) for e in node.elts]
            return tuple(items) if all(isinstance(i, (int, float)) for i in items) else None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.value(node.operand)
            return -inner if isinstance(inner, (int, float)) else None
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(left, (int, float)) and isinstance(right, (int, float)):
                try:
                    return _OPS[type(node.op)](left, right)
                except (ZeroDivisionError, OverflowError):
                    return None
            return None
        if isinstance(node, ast.Attribute) and self.size is not None:
            if node.attr == "width":
                return self.size[0]
            if node.attr == "height":
                return self.size[1]
            if node.attr == "size":
                return tuple(self.size)
        if isinstance(node, ast.Subscript):
            base, index = self.value(node.value), self.value(node.slice)
            if isinstance(base, tuple) and isinstance(index, int) and -len(base) <= index < \
                    len(base):
                return base[index]
        if isinstance(node, ast.Call) and _name(node.func) in ("int", "round", "float") and \
                len(node.args) == 1:
            inner = self.value(node.args[0])
            if isinstance(inner, (int, float)):
                return {"int": int, "round": round, "float": float}[_name(node.func)](inner)
        return None

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        value = self.value(node.value)
        for target in node.targets:
            if isinstance(target, ast.Name):
                if value is None:
                    self.env.pop(target.id, None)
                else:
                    self.env[target.id] = value
            elif isinstance(target, ast.Tuple) and isinstance(value, tuple) and \
                    len(value) == len(target.elts):
                for element, item in zip(target.elts, value, strict=True):
                    if isinstance(element, ast.Name):
                        self.env[element.id] = item

    # -- operations --------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)  # arguments and receivers run first
        name = _name(node.func)
        args = node.args
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        ops = self.claims.ops
        if name in ("min", "max", "percentile", "quantile", "amin", "amax"):
            self.stretch.add("percentile" if name in ("percentile", "quantile") else
                             name.lstrip("a"))
            if "percentile" in self.stretch or {"min", "max"} <= self.stretch:
                self.claims.contrast = True
        if name == "rotate" and isinstance(node.func, ast.Attribute) and \
                (args or "angle" in keywords):
            if _name(node.func.value) == "cv2" and len(args) >= 2:  # cv2.rotate(img, code)
                element = _CV2_ROTATE.get(_name(args[1]) or "")
                if element:
                    ops.append(element)
                return
            angle = self.value(args[0] if args else keywords["angle"])
            if isinstance(angle, (int, float)) and float(angle) % 90 == 0:
                ops.append(_QUARTERS[int(angle // 90) % 4])
        elif name == "transpose" and (_name(args[0] if args else keywords.get("method", ast.Pass()))
                                      or "") in _PIL_TRANSPOSE:
            ops.append(_PIL_TRANSPOSE[_name(args[0] if args else keywords["method"]) or ""])
        elif name == "mirror" or name == "fliplr":
            ops.append("flip_h")
        elif name == "flipud":
            ops.append("flip_v")
        elif name == "flip":
            self._flip(node, args, keywords)
        elif name == "rot90":
            turns = self.value(keywords.get("k", args[1] if len(args) > 1 else None))
            turns = 1 if turns is None and "k" not in keywords and len(args) < 2 else turns
            if isinstance(turns, int):
                ops.append(_QUARTERS[turns % 4])
        elif name == "crop" and args:
            box = self.value(args[0])
            if isinstance(box, tuple) and len(box) == 4:
                self.claims.crops.append(tuple(float(v) for v in box))
        elif name in _CONTRAST or (name == "enhance" and isinstance(node.func, ast.Attribute) and \
                _name(getattr(node.func.value, "func", None) or node.func.value) == "Contrast"):
            self.claims.contrast = True
        elif name in ("resize", "thumbnail"):
            self.claims.resize = True

    def _flip(self, node: ast.Call, args: list[ast.expr], keywords: dict[str, ast.expr]) -> None:
        ops = self.claims.ops
        if isinstance(node.func, ast.Attribute) and _name(node.func.value) == "cv2":
            code = self.value(args[1] if len(args) > 1 else keywords.get("flipCode"))
            element = {1: "flip_h", 0: "flip_v", -1: "rotate180"}.get(code)
        elif isinstance(node.func, ast.Attribute) and _name(node.func.value) == "ImageOps":
            element = "flip_v"
        else:  # numpy.flip(a, axis)
            axis = self.value(keywords.get("axis", args[1] if len(args) > 1 else None))
            has_axis = "axis" in keywords or len(args) > 1
            element = {0: "flip_v", 1: "flip_h"}.get(axis) if has_axis else "rotate180"
        if element:
            ops.append(element)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.generic_visit(node)
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        reversed_axes = [isinstance(p, ast.Slice) and p.lower is None and p.upper is None
                         and self.value(p.step) == -1 for p in parts[:2]]
        if reversed_axes and any(reversed_axes):
            rows = reversed_axes[0]
            cols = len(reversed_axes) > 1 and reversed_axes[1]
            self.claims.ops.append("rotate180" if rows and cols else
                                   "flip_v" if rows else "flip_h")
            return
        if len(parts) >= 2 and all(isinstance(p, ast.Slice) and p.step is None
                                   for p in parts[:2]):
            bounds = [self.value(p.lower) if p.lower is not None else 0 for p in parts[:2]]
            ends = [self.value(p.upper) for p in parts[:2]]
            if all(isinstance(b, (int, float)) for b in bounds) and \
                    all(isinstance(e, (int, float)) for e in ends):
                (y0, x0), (y1, x1) = bounds, ends
                self.claims.crops.append((float(x0), float(y0), float(x1), float(y1)))


def read_code(code: str, size: tuple[int, int] | None = None) -> CodeClaims:
    """The operations `code` claims, with `size` (width, height) of the picture it gets."""
    if not isinstance(code, str) or len(code) > MAX_CODE:
        return CodeClaims(parsed=False)
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return CodeClaims(parsed=False)
    reader = _Reader(size)
    try:
        for statement in tree.body:
            reader.visit(statement)
    except RecursionError:
        return CodeClaims(parsed=False)
    return reader.claims
