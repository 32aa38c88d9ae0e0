#!/usr/bin/env python3
"""Ports Smithy's awsJson and rpcv2Cbor protocol tests (IDL) to JSON AST models and case files.

    python3 port.py SMITHY_GIT_DIR [COMMIT]

reads, at COMMIT (default HEAD) of a clone of smithy-lang/smithy, two suites:

- awsJson: `smithy-aws-protocol-tests/model/{awsJson1_0,awsJson1_1}/*.smithy`
  and `shared-types.smithy` there;
- rpcv2Cbor: `smithy-protocol-tests/model/rpcv2Cbor/*.smithy` and
  `shared-types.smithy` there, and `smithy-validation-model/model/*.smithy`
  (`smithy.framework#ValidationException`);

and writes next to this script:

- `json10.json`, `json11.json`, `rpcv2cbor.json`: Smithy 2.0 JSON AST models
  of the services `aws.protocoltests.json10#JsonRpc10`,
  `aws.protocoltests.json#JsonProtocol` and
  `smithy.protocoltests.rpcv2Cbor#RpcV2Protocol`, mixins flattened, inline
  inputs and outputs named `{Operation}Input`/`Output`, test traits and
  documentation dropped, and without the operations listed in `LEFT_OUT` and
  the members `member_gap` names (shapes and traits the generator refuses);
- `cases.json` (awsJson) and `cases-rpcv2cbor.json` (rpcv2Cbor): every
  `httpRequestTests`/`httpResponseTests` case of those services, with the
  params converted to the JSON form the generated types read (`input`), and
  a skip reason where the case cannot run here.

Only the standard library; the IDL parser knows what these files use and
fails loudly on anything else.
"""

import base64
import json
import os
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Service:
    """One ported service: its key (the model's file name), its protocol
    trait, its shape id, how its params become `input` (`timestamps`:
    "member" for the member's @timestampFormat, "epoch-seconds" for always
    epoch seconds), how its case bodies are written ("json" text, or
    "cbor" in base64), and traits the port adds to the service shape
    (`added_traits`, which the suite does not carry)."""

    def __init__(self, key, protocol, shape_id, timestamps, body, added_traits=None):
        self.key, self.protocol, self.shape_id = key, protocol, shape_id
        self.timestamps, self.body = timestamps, body
        self.added_traits = added_traits or {}


class Suite:
    """The files one case file is ported from (under `roots`, those whose
    path matches `files`), its services, and extra case keys it records."""

    def __init__(self, cases, roots, files, services, extra_keys=()):
        self.cases, self.roots, self.files = cases, roots, files
        self.services, self.extra_keys = services, extra_keys


SUITES = [
    Suite("cases.json", ["smithy-aws-protocol-tests/model"],
          r"smithy-aws-protocol-tests/model/(awsJson1_[01]/[^/]+|shared-types)\.smithy", [
              Service("json10", "aws.protocols#awsJson1_0", "aws.protocoltests.json10#JsonRpc10", "member", "json"),
              Service("json11", "aws.protocols#awsJson1_1", "aws.protocoltests.json#JsonProtocol", "member", "json"),
          ]),
    # Its operations name smithy.framework#ValidationException. `input` is
    # the JSON form the generated types read, as for awsJson (timestamps in
    # the member's @timestampFormat), though the CBOR on the wire is always
    # epoch seconds. The generator makes AWS clients only: it requires
    # aws.api#service and aws.auth#sigv4, which this suite's service (not an
    # AWS one) lacks, so the port adds both; its requests are then signed,
    # and the cases do not look at signing headers.
    Suite("cases-rpcv2cbor.json", ["smithy-protocol-tests/model", "smithy-validation-model/model"],
          r"smithy-protocol-tests/model/(rpcv2Cbor/[^/]+|shared-types)\.smithy"
          r"|smithy-validation-model/model/[^/]+\.smithy", [
              Service("rpcv2cbor", "smithy.protocols#rpcv2Cbor", "smithy.protocoltests.rpcv2Cbor#RpcV2Protocol",
                      "member", "cbor", added_traits={"aws.api#service": {"sdkId": "RpcV2Protocol"},
                                                      "aws.auth#sigv4": {"name": "rpcv2protocol"}}),
          ], extra_keys=("tags",)),
]

# Operations left out of the models, and why: the generator refuses a trait
# they carry. Their cases are listed as skipped with the same reason.
LEFT_OUT = {
    "PutWithContentEncoding": "request compression (@requestCompression) is not supported by the generator",
    "JsonIntEnums": "intEnum shapes are not supported by the generator",
}

# Cases that fail because of a known bug that is not fixed yet, by case id
# (none now: non-finite floats are written and read as awsJson's strings).
KNOWN_BUGS = {}


def member_gap(model, member):
    """Why the generator refuses `member` (which is then left out), or None."""
    if holds_int_enum(model, member["target"], set()):
        return "intEnum shapes are not supported by the generator"
    return None


def holds_int_enum(model, target, seen):
    """Whether `target` is an intEnum, or a list or map of them (at any depth)."""
    raw = model.raw.get(target)
    if raw is None or target in seen:
        return False
    if raw["type"] == "intEnum":
        return True
    if raw["type"] in ("list", "map"):
        seen.add(target)
        inner = model.flat_members(raw)["member" if raw["type"] == "list" else "value"]
        return holds_int_enum(model, inner["target"], seen)
    return False

PRELUDE_SHAPES = {
    "String", "Blob", "Boolean", "Byte", "Short", "Integer", "Long", "Float", "Double",
    "BigInteger", "BigDecimal", "Timestamp", "Document", "Unit",
    "PrimitiveBoolean", "PrimitiveByte", "PrimitiveShort", "PrimitiveInteger",
    "PrimitiveLong", "PrimitiveFloat", "PrimitiveDouble",
}

# ---------------------------------------------------------------------------
# Tokens


TOKEN = re.compile(
    r'''(?P<ws>[\s,]+)
      |(?P<doc>///[^\n]*)
      |(?P<comment>//[^\n]*)
      |(?P<text>"""(?:\\[\s\S]|[^\\])*?""")
      |(?P<string>"(?:\\[\s\S]|[^"\\])*")
      |(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
      |(?P<walrus>:=)
      |(?P<punct>[{}\[\]():=@])
      |(?P<ident>\$?[A-Za-z_][A-Za-z0-9_.]*(?:\#[A-Za-z_][A-Za-z0-9_]*)?(?:\$[A-Za-z_][A-Za-z0-9_]*)?)
    ''',
    re.VERBOSE,
)


ESCAPES = {'"': '"', "'": "'", "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "\n": ""}


def unescape(body):
    """Reads the escapes of a string's contents (other characters as they are)."""
    return re.sub(r"\\(?:u([0-9A-Fa-f]{4})|(.|\n))",
                  lambda m: chr(int(m.group(1), 16)) if m.group(1) else ESCAPES[m.group(2)], body)


def text_block(raw):
    """A Smithy text block: the lines after the opening quotes, with their
    common indentation (the closing line counts, blank lines do not)
    removed, trailing spaces dropped, then escapes read."""
    body = raw[3:-3]
    assert body.startswith("\n"), "a text block starts with a new line"
    lines = body[1:].split("\n")
    widths = [len(l) - len(l.lstrip(" ")) for l in lines[:-1] if l.strip()]
    last = lines[-1]
    widths.append(len(last) - len(last.lstrip(" ")) if last.strip() else len(last))
    cut = min(widths)
    lines = [l[cut:].rstrip(" ") for l in lines]
    return unescape("\n".join(lines))


def tokens(src, name):
    out, pos = [], 0
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m:
            raise SyntaxError(f"{name}: cannot read {src[pos:pos + 40]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind in ("ws", "comment", "doc"):
            continue
        value = m.group(kind)
        if kind == "text":
            out.append(("string", text_block(value)))
        elif kind == "string":
            out.append(("string", unescape(value[1:-1])))
        elif kind == "number":
            out.append(("number", float(value) if re.search(r"[.eE]", value) else int(value)))
        elif kind == "walrus":
            out.append(("punct", ":="))
        else:
            out.append((kind, value))
    out.append(("eof", None))
    return out


# ---------------------------------------------------------------------------
# Parser: statements into raw shapes whose references are not yet resolved


class Ref(str):
    """A shape id as written: resolved against the file's namespace and uses."""


class File:
    def __init__(self, name, src):
        self.name, self.toks, self.i = name, tokens(src, name), 0
        self.namespace, self.uses = None, {}
        self.shapes = {}  # name -> dict
        self.applies = []  # (target, traits)

    def peek(self, k=0):
        return self.toks[self.i + k]

    def next(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, value):
        t = self.next()
        if t[1] != value:
            raise SyntaxError(f"{self.name}: expected {value!r}, found {t!r} (token {self.i})")
        return t

    def ident(self):
        t = self.next()
        if t[0] != "ident":
            raise SyntaxError(f"{self.name}: expected a name, found {t!r}")
        return t[1]

    # Node values; bare identifiers are shape ids (kept as strings).
    def node(self):
        kind, value = self.next()
        if value == "{":
            obj = {}
            while self.peek()[1] != "}":
                k = self.next()[1]
                self.expect(":")
                obj[k] = self.node()
            self.next()
            return obj
        if value == "[":
            arr = []
            while self.peek()[1] != "]":
                arr.append(self.node())
            self.next()
            return arr
        if kind in ("string", "number"):
            return value
        if kind == "ident":
            return {"true": True, "false": False, "null": None}[value] if value in ("true", "false", "null") else Ref(value)
        raise SyntaxError(f"{self.name}: unexpected {value!r} in a node value")

    def traits(self, limit=None):
        out = {}
        while self.peek()[1] == "@" and (limit is None or len(out) < limit):
            self.next()
            name = Ref(self.ident())
            value = {}
            if self.peek()[1] == "(":
                self.next()
                if self.peek()[1] == ")":
                    value = {}
                elif self.peek(1)[1] == ":" and self.peek()[0] in ("ident", "string"):
                    value = {}
                    while self.peek()[1] != ")":
                        k = self.next()[1]
                        self.expect(":")
                        value[k] = self.node()
                else:
                    value = self.node()
                self.expect(")")
            out[name] = value
        return out

    def mixins(self):
        if self.peek()[1] != "with":
            return []
        self.next()
        self.expect("[")
        out = []
        while self.peek()[1] != "]":
            out.append(Ref(self.ident()))
        self.next()
        return out

    def members(self, enum=False):
        """`{ [traits] name: Target [= default] ... }`; enum members `NAME [= value]`."""
        self.expect("{")
        out = {}
        while self.peek()[1] != "}":
            traits = self.traits()
            name = self.ident()
            if enum:
                if self.peek()[1] == "=":
                    self.next()
                    traits[Ref("enumValue")] = self.node()
                out[name] = {"target": Ref("Unit"), "traits": traits}
                continue
            self.expect(":")
            target = Ref(self.ident())
            if self.peek()[1] == "=":
                self.next()
                traits[Ref("default")] = self.node()
            out[name] = {"target": target, "traits": traits}
        self.next()
        return out

    def parse(self):
        pending = {}
        while self.peek()[0] != "eof":
            kind, value = self.peek()
            if value == "@":
                pending.update(self.traits())
                continue
            self.next()
            if value == "$version":
                self.expect(":")
                self.node()
            elif value == "metadata":
                self.ident()
                self.expect("=")
                self.node()
            elif value == "namespace":
                self.namespace = self.ident()
            elif value == "use":
                ref = self.ident()
                self.uses[ref.split("#")[1]] = ref
            elif value == "apply":
                target = Ref(self.ident())
                # One trait (`apply X @t`); the block form is not used here.
                self.applies.append((target, self.traits(limit=1)))
            elif value in ("structure", "union", "list", "map", "enum", "intEnum"):
                name = self.ident()
                shape = {"type": value, "traits": pending, "mixins": self.mixins()}
                shape["members"] = self.members(enum=value in ("enum", "intEnum"))
                self.shapes[name] = shape
                pending = {}
            elif value in ("string", "blob", "boolean", "byte", "short", "integer", "long", "float", "double",
                           "timestamp", "document", "bigInteger", "bigDecimal"):
                self.shapes[self.ident()] = {"type": value, "traits": pending, "mixins": self.mixins()}
                pending = {}
            elif value in ("operation", "service"):
                name = self.ident()
                shape = {"type": value, "traits": pending, "mixins": self.mixins(), "props": {}}
                self.expect("{")
                while self.peek()[1] != "}":
                    key = self.ident()
                    if self.peek()[1] == ":=":
                        self.next()
                        traits = self.traits()
                        inline = {"type": "structure", "traits": traits, "mixins": self.mixins()}
                        inline["members"] = self.members()
                        inline["traits"][Ref(key)] = {}
                        inline_name = name + ("Input" if key == "input" else "Output")
                        self.shapes[inline_name] = inline
                        shape["props"][key] = Ref(inline_name)
                    else:
                        self.expect(":")
                        shape["props"][key] = self.node()
                self.next()
                self.shapes[name] = shape
                pending = {}
            else:
                raise SyntaxError(f"{self.name}: unexpected statement {value!r}")
        return self


class Model:
    """Every file's shapes by absolute id, references resolved."""

    def __init__(self, files):
        self.raw = {}
        self.files = files
        for f in files:
            for name, shape in f.shapes.items():
                shape["file"] = f
                self.raw[f"{f.namespace}#{name}"] = shape
        for f in files:
            for target, traits in f.applies:
                self.raw[self.resolve(f, target)]["traits"].update(traits)

    def resolve(self, f, ref):
        if "#" in ref:
            return ref
        if ref in f.uses:
            return f.uses[ref]
        local = f"{f.namespace}#{ref}"
        if local in self.raw:
            return local
        if ref in PRELUDE_SHAPES:
            return f"smithy.api#{ref}"
        raise KeyError(f"{f.name}: cannot resolve {ref}")

    def trait_id(self, f, ref):
        if "#" in ref:
            return ref
        return f.uses.get(ref, f"smithy.api#{ref}")

    def traits(self, shape):
        f = shape["file"]
        return {self.trait_id(f, k): v for k, v in shape["traits"].items()}

    def flat_members(self, shape):
        """Mixins' members first, then the shape's own; references resolved."""
        f = shape["file"]
        out = {}
        for mixin in shape.get("mixins", []):
            out.update(self.flat_members(self.raw[self.resolve(f, mixin)]))
        for name, m in shape.get("members", {}).items():
            target = m["target"]
            out[name] = {
                "target": "smithy.api#Unit" if target == "Unit" and shape["type"] in ("enum", "intEnum")
                else self.resolve(f, target),
                "traits": {self.trait_id(f, k): v for k, v in m["traits"].items()},
            }
        return out

    def flat_traits(self, shape):
        f = shape["file"]
        out = {}
        for mixin in shape.get("mixins", []):
            mt = self.flat_traits(self.raw[self.resolve(f, mixin)])
            out.update(mt)
        out.update(self.traits(shape))
        out.pop("smithy.api#mixin", None)
        return out


DROPPED_TRAITS = ("smithy.test#httpRequestTests", "smithy.test#httpResponseTests", "smithy.api#documentation")


def ast_traits(traits):
    return {k: v for k, v in traits.items() if k not in DROPPED_TRAITS}


def ast_model(model, service_id, left_out, gaps, added_traits):
    """The service's closure as a JSON AST model; members the generator
    refuses are left out and recorded in `gaps` (member name -> reason);
    `added_traits` go on the service shape."""
    shapes, todo = {}, [service_id]
    while todo:
        sid = todo.pop()
        if sid in shapes or sid.startswith("smithy.api#"):
            continue
        raw = model.raw[sid]
        f = raw["file"]
        kind = raw["type"]
        out = {"type": kind}
        if kind == "service":
            props = raw["props"]
            out["version"] = props["version"]
            ops = [model.resolve(f, o) for o in props.get("operations", []) if o not in left_out]
            out["operations"] = [{"target": o} for o in ops]
            todo += ops
        elif kind == "operation":
            for key in ("input", "output"):
                target = model.resolve(f, raw["props"][key]) if key in raw["props"] else "smithy.api#Unit"
                out[key] = {"target": target}
                todo.append(target)
            errors = [model.resolve(f, e) for e in raw["props"].get("errors", [])]
            if errors:
                out["errors"] = [{"target": e} for e in errors]
                todo += errors
        elif kind in ("structure", "union", "enum", "intEnum"):
            members = model.flat_members(raw)
            for n, m in list(members.items()):
                reason = member_gap(model, m)
                if reason:
                    gaps[n] = reason
                    del members[n]
            out["members"] = {n: {"target": m["target"], **({"traits": ast_traits(m["traits"])} if ast_traits(m["traits"]) else {})}
                              for n, m in members.items()}
            todo += [m["target"] for m in members.values()]
        elif kind in ("list", "map"):
            members = model.flat_members(raw)
            for n, m in members.items():
                out[n] = {"target": m["target"], **({"traits": ast_traits(m["traits"])} if ast_traits(m["traits"]) else {})}
                todo.append(m["target"])
        traits = ast_traits(model.flat_traits(raw))
        if kind == "service":
            traits = {**traits, **added_traits}
        if traits:
            out["traits"] = traits
        shapes[sid] = out
    return {"smithy": "2.0", "shapes": dict(sorted(shapes.items()))}


# ---------------------------------------------------------------------------
# Params to their JSON form: blobs base64, NaN and infinities as strings,
# timestamps epoch seconds unless @timestampFormat says otherwise ("member":
# what the generated types read from JSON, and awsJson's wire JSON itself)
# or always epoch seconds ("epoch-seconds").


def timestamp_wire(value, fmt):
    import datetime
    if fmt == "epoch-seconds":
        return value
    dt = datetime.datetime.fromtimestamp(value, tz=datetime.timezone.utc)
    if fmt == "date-time":
        frac = f"{dt.microsecond / 1e6:.6f}"[1:].rstrip("0").rstrip(".") if dt.microsecond else ""
        return dt.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z"
    if fmt == "http-date":
        return dt.strftime("%a, %d %b %Y %H:%M:%S GMT")
    raise ValueError(fmt)


def to_wire(model, shape_id, value, timestamps, member_traits=None):
    if value is None:
        return None
    if shape_id.startswith("smithy.api#"):
        kind = {"PrimitiveBoolean": "boolean"}.get(shape_id.split("#")[1], shape_id.split("#")[1].removeprefix("Primitive").lower())
        traits = {}
    else:
        raw = model.raw[shape_id]
        kind, traits = raw["type"], model.flat_traits(raw)
    traits = {**traits, **(member_traits or {})}
    if kind == "blob":
        return base64.b64encode(value.encode("utf-8")).decode("ascii")
    if kind == "timestamp":
        fmt = traits.get("smithy.api#timestampFormat", "epoch-seconds") if timestamps == "member" else timestamps
        return timestamp_wire(value, fmt)
    if kind in ("structure", "union"):
        members = model.flat_members(raw)
        return {k: to_wire(model, members[k]["target"], v, timestamps, members[k]["traits"])
                for k, v in value.items()}
    if kind == "list":
        target = model.flat_members(raw)["member"]
        return [to_wire(model, target["target"], v, timestamps, target["traits"]) for v in value]
    if kind == "map":
        target = model.flat_members(raw)["value"]
        return {k: to_wire(model, target["target"], v, timestamps, target["traits"]) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------
# CBOR (RFC 8949), read only to find the member names a case's body holds


class Tag:
    """A tagged CBOR value (tag 1: an epoch-seconds timestamp)."""

    def __init__(self, tag, value):
        self.tag, self.value = tag, value


BREAK = object()


def cbor_decode(data):
    """The one CBOR data item `data` holds: maps as dicts, arrays as lists,
    text as str, bytes as bytes, tags as `Tag`; fails on trailing bytes."""
    value, end = cbor_item(data, 0)
    if value is BREAK or end != len(data):
        raise ValueError(f"CBOR: {len(data) - end} bytes after the data item")
    return value


def cbor_item(data, pos):
    head = data[pos]
    major, info, pos = head >> 5, head & 0x1F, pos + 1
    if major == 7:
        if info == 31:
            return BREAK, pos
        if info in (25, 26, 27):
            size = {25: 2, 26: 4, 27: 8}[info]
            return struct.unpack(">" + "efd"[info - 25], data[pos:pos + size])[0], pos + size
        if info == 24:
            info, pos = data[pos], pos + 1
        return {20: False, 21: True, 22: None, 23: None}.get(info, ("simple", info)), pos
    if info == 31:
        if major in (2, 3):
            chunks = []
            while data[pos] != 0xFF:
                chunk, pos = cbor_item(data, pos)
                chunks.append(chunk)
            return (b"" if major == 2 else "").join(chunks), pos + 1
        if major in (4, 5):
            items = []
            while True:
                item, pos = cbor_item(data, pos)
                if item is BREAK:
                    break
                items.append(item)
            return (items if major == 4 else dict(zip(items[::2], items[1::2]))), pos
        raise ValueError(f"CBOR: indefinite length for major type {major}")
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg, pos = int.from_bytes(data[pos:pos + size], "big"), pos + size
    else:
        raise ValueError(f"CBOR: reserved additional information {info}")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major == 2:
        return bytes(data[pos:pos + arg]), pos + arg
    if major == 3:
        return data[pos:pos + arg].decode("utf-8"), pos + arg
    if major in (4, 5):
        items = []
        for _ in range(arg if major == 4 else 2 * arg):
            item, pos = cbor_item(data, pos)
            items.append(item)
        return (items if major == 4 else dict(zip(items[::2], items[1::2]))), pos
    value, pos = cbor_item(data, pos)
    return Tag(arg, value), pos


# ---------------------------------------------------------------------------
# Cases


def keys(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from keys(v)
    elif isinstance(value, Tag):
        yield from keys(value.value)


def body_value(service, body):
    """The case's body as a value (empty or unreadable: an empty object)."""
    body = body or ""
    try:
        if service.body == "cbor":
            return cbor_decode(base64.b64decode(body, validate=True)) if body else {}
        return json.loads(body) if body.strip() else {}
    except ValueError:
        return {}


def skip_reason(service, case, operation, gaps):
    if case.get("appliesTo") == "server":
        return "server-only case (appliesTo: server)"
    if operation in LEFT_OUT:
        return LEFT_OUT[operation]
    if case["id"] in KNOWN_BUGS:
        return KNOWN_BUGS[case["id"]]
    body = body_value(service, case.get("body"))
    for k in list(keys(case.get("params", {}))) + list(keys(body)):
        if k in gaps:
            return gaps[k]
    return None


def collect_cases(model, suite, service, gaps):
    raw_service = model.raw[service.shape_id]
    f = raw_service["file"]
    ops = [model.resolve(f, o) for o in raw_service["props"]["operations"]]
    cases = []
    for op_id in ops:
        op = model.raw[op_id]
        op_name = op_id.split("#")[1]
        props = op["props"]
        traits = model.traits(op)
        io = {k: model.resolve(op["file"], props[k]) if k in props else None for k in ("input", "output")}
        for kind, trait, shape in (("request", "smithy.test#httpRequestTests", io["input"]),
                                   ("response", "smithy.test#httpResponseTests", io["output"])):
            for case in traits.get(trait, []):
                cases.append(make_case(model, suite, service, kind, op_name, shape, None, case, gaps))
    # Error cases: on the error shape; run through the first operation (in the
    # service's order) that declares the error.
    seen = set()
    for op_id in ops:
        op = model.raw[op_id]
        for e in op["props"].get("errors", []):
            eid = model.resolve(op["file"], e)
            if eid in seen:
                continue
            seen.add(eid)
            for case in model.traits(model.raw[eid]).get("smithy.test#httpResponseTests", []):
                cases.append(make_case(model, suite, service, "error", op_id.split("#")[1], eid, eid.split("#")[1],
                                       case, gaps))
    return cases


def make_case(model, suite, service, kind, op_name, shape, error, case, gaps):
    if case.get("protocol") not in (service.protocol.split("#")[1], service.protocol):
        raise ValueError(f"{case['id']}: protocol {case.get('protocol')}")
    params = case.get("params", {})
    out = {
        "id": case["id"],
        "service": service.key,
        "protocol": service.protocol,
        "kind": kind,
        "operation": op_name,
        "error": error,
        "appliesTo": case.get("appliesTo"),
        "params": params,
        "input": to_wire(model, shape, params, service.timestamps) if shape else {},
        "method": case.get("method"),
        "uri": case.get("uri"),
        "host": case.get("host"),
        "resolvedHost": case.get("resolvedHost"),
        "code": case.get("code"),
        "headers": case.get("headers", {}),
        "forbidHeaders": case.get("forbidHeaders", []),
        "requireHeaders": case.get("requireHeaders", []),
        "body": case.get("body"),
        "bodyMediaType": case.get("bodyMediaType"),
    }
    for key in suite.extra_keys:
        out[key] = case.get(key, [])
    out["skip"] = skip_reason(service, case, op_name, gaps)
    return out


def git(git_dir, *args):
    return subprocess.check_output(["git", "--git-dir", git_dir, *args], text=True)


def port(git_dir, commit, suite):
    names = git(git_dir, "ls-tree", "-r", "--name-only", commit, *suite.roots).split()
    wanted = [n for n in names if re.fullmatch(suite.files, n)]
    files = [File(name, git(git_dir, "show", f"{commit}:{name}")).parse() for name in wanted]
    model = Model(files)
    all_cases = []
    for service in suite.services:
        gaps = {}
        ast = ast_model(model, service.shape_id, LEFT_OUT, gaps, service.added_traits)
        with open(os.path.join(HERE, f"{service.key}.json"), "w") as out:
            json.dump(ast, out, indent=2, ensure_ascii=False)
            out.write("\n")
        all_cases += collect_cases(model, suite, service, gaps)
    doc = {
        "source": {"repository": "https://github.com/smithy-lang/smithy", "commit": commit,
                   "paths": wanted, "license": "Apache-2.0"},
        "cases": all_cases,
    }
    with open(os.path.join(HERE, suite.cases), "w") as out:
        json.dump(doc, out, indent=1, ensure_ascii=False)
        out.write("\n")
    print(f"{suite.cases}: {len(all_cases)} cases from {len(wanted)} files at {commit}")


def main():
    git_dir = sys.argv[1]
    commit = git(git_dir, "rev-parse", sys.argv[2] if len(sys.argv) > 2 else "HEAD").strip()
    for suite in SUITES:
        port(git_dir, commit, suite)


if __name__ == "__main__":
    main()
