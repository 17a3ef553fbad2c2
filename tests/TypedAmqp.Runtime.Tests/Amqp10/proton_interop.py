#!/usr/bin/python3
"""The Qpid Proton side of Amqp10ProtonInteropTests (run with Debian's /usr/bin/python3 and python3-qpid-proton).

decode: reads one AMQP 1.0 value per line (hex) from stdin, decodes it with proton.Data and prints it in the
        canonical text form of TypedAmqp's Amqp10Value.ToString(), or "error: ..." if proton refuses it.
encode: builds a corpus of values with proton.Data's put_* calls and prints "hex<TAB>canonical" per value.
performatives: builds each performative, SASL frame and delivery state with every field set (the same values as
        Amqp10PerformativeSamples in C#) and prints "name<TAB>hex<TAB>canonical" per frame body.

Canonical form: null, bool:true, uint:5, int:-1, float:0x3f800000 (bits), decimal128:0x<32 hex>, char:0x41,
timestamp:<ms>, uuid:<rfc text>, binary:<hex>, string:<utf-8 hex>, symbol:<ascii hex>, list[a,b], map{k=v,k=v},
array<type>[...] or array<described(d):type>[...], described(d,v).
"""
import struct
import sys
import uuid

from proton import Data, char, decimal32, decimal64, decimal128, symbol, timestamp, ubyte, ushort, uint, ulong, byte, short, int32, Described

NAMES = {
    Data.NULL: "null", Data.BOOL: "boolean", Data.UBYTE: "ubyte", Data.USHORT: "ushort", Data.UINT: "uint",
    Data.ULONG: "ulong", Data.BYTE: "byte", Data.SHORT: "short", Data.INT: "int", Data.LONG: "long",
    Data.FLOAT: "float", Data.DOUBLE: "double", Data.DECIMAL32: "decimal32", Data.DECIMAL64: "decimal64",
    Data.DECIMAL128: "decimal128", Data.CHAR: "char", Data.TIMESTAMP: "timestamp", Data.UUID: "uuid",
    Data.BINARY: "binary", Data.STRING: "string", Data.SYMBOL: "symbol", Data.LIST: "list", Data.MAP: "map",
    Data.ARRAY: "array", Data.DESCRIBED: "described",
}

INTEGERS = {
    Data.UBYTE: Data.get_ubyte, Data.USHORT: Data.get_ushort, Data.UINT: Data.get_uint, Data.ULONG: Data.get_ulong,
    Data.BYTE: Data.get_byte, Data.SHORT: Data.get_short, Data.INT: Data.get_int, Data.LONG: Data.get_long,
    Data.TIMESTAMP: Data.get_timestamp,
}


def children(d, count):
    d.enter()
    items = []
    for _ in range(count):
        d.next()
        items.append(fmt(d))
    d.exit()
    return items


def fmt(d):
    t = d.type()
    if t == Data.NULL:
        return "null"
    if t == Data.BOOL:
        return "bool:true" if d.get_bool() else "bool:false"
    if t in INTEGERS:
        return "%s:%d" % (NAMES[t], int(INTEGERS[t](d)))
    if t == Data.FLOAT:
        return "float:0x" + struct.pack(">f", d.get_float()).hex()
    if t == Data.DOUBLE:
        return "double:0x" + struct.pack(">d", d.get_double()).hex()
    if t == Data.DECIMAL32:
        return "decimal32:0x%08x" % int(d.get_decimal32())
    if t == Data.DECIMAL64:
        return "decimal64:0x%016x" % int(d.get_decimal64())
    if t == Data.DECIMAL128:
        return "decimal128:0x" + bytes(d.get_decimal128()).hex()
    if t == Data.CHAR:
        return "char:0x%x" % ord(d.get_char())
    if t == Data.UUID:
        return "uuid:" + str(d.get_uuid())
    if t == Data.BINARY:
        return "binary:" + bytes(d.get_binary()).hex()
    if t == Data.STRING:
        return "string:" + d.get_string().encode("utf-8").hex()
    if t == Data.SYMBOL:
        return "symbol:" + str(d.get_symbol()).encode("ascii").hex()
    if t == Data.LIST:
        return "list[" + ",".join(children(d, d.get_list())) + "]"
    if t == Data.MAP:
        items = children(d, d.get_map())
        return "map{" + ",".join(items[i] + "=" + items[i + 1] for i in range(0, len(items), 2)) + "}"
    if t == Data.ARRAY:
        count, described, element_type = d.get_array()
        d.enter()
        prefix = ""
        if described:
            d.next()
            prefix = "described(" + fmt(d) + "):"
        items = []
        for _ in range(count):
            d.next()
            items.append(fmt(d))
        d.exit()
        return "array<" + prefix + NAMES[element_type] + ">[" + ",".join(items) + "]"
    if t == Data.DESCRIBED:
        d.enter()
        d.next()
        descriptor = fmt(d)
        d.next()
        value = fmt(d)
        d.exit()
        return "described(" + descriptor + "," + value + ")"
    raise ValueError("unexpected proton type %r" % (t,))


def decode(line):
    encoded = bytes.fromhex(line)
    d = Data()
    consumed = d.decode(encoded)
    if consumed != len(encoded):
        return "error: proton consumed %d of %d bytes" % (consumed, len(encoded))
    d.rewind()
    d.next()
    return fmt(d)


"""Builders: each returns a function that puts one value into a Data with proton's own calls."""


def put(*calls):
    def build(d):
        for call in calls:
            call(d)
    return build


def list_of(*items):
    def build(d):
        d.put_list()
        d.enter()
        for item in items:
            item(d)
        d.exit()
    return build


def map_of(*pairs):
    def build(d):
        d.put_map()
        d.enter()
        for k, v in pairs:
            k(d)
            v(d)
        d.exit()
    return build


def array_of(element_type, items, descriptor=None):
    def build(d):
        d.put_array(descriptor is not None, element_type)
        d.enter()
        if descriptor is not None:
            descriptor(d)
        for item in items:
            item(d)
        d.exit()
    return build


def described(descriptor, value):
    def build(d):
        d.put_described()
        d.enter()
        descriptor(d)
        value(d)
        d.exit()
    return build


P = lambda name, value: (lambda d: getattr(d, "put_" + name)(value))


def corpus():
    """Each entry puts one value into a Data with proton's own calls (its encoder chooses the encodings)."""
    values = [
        put(Data.put_null), P("bool", True), P("bool", False),
        P("ubyte", 0), P("ubyte", 255), P("ushort", 65535), P("uint", 0), P("uint", 255), P("uint", 256),
        P("uint", 2 ** 32 - 1), P("ulong", 0), P("ulong", 255), P("ulong", 2 ** 64 - 1), P("byte", -128),
        P("short", -32768), P("int", -129), P("int", 127), P("int", -(2 ** 31)), P("long", 2 ** 63 - 1),
        P("long", -1), P("float", 1.5), P("float", -0.0), P("double", 3.141592653589793), P("double", -1e300),
        P("decimal32", decimal32(0x22334455)), P("decimal64", decimal64(0x0102030405060708)),
        P("decimal128", decimal128(bytes(range(16)))), P("char", char("A")), P("char", char("\U0001F600")),
        P("timestamp", timestamp(1764640000123)), P("timestamp", timestamp(-1)),
        P("uuid", uuid.UUID("00112233-4455-6677-8899-aabbccddeeff")),
        P("binary", b""), P("binary", bytes(range(256)) * 2), P("string", ""), P("string", "h\u00e9llo \u4e16\U0001F600"),
        P("string", "x" * 300), P("symbol", symbol("amqp:decode-error")), P("symbol", symbol("s" * 256)),
        list_of(), list_of(P("uint", 1), P("string", "a"), put(Data.put_null)),
        list_of(*[P("int", i) for i in range(300)]),
        map_of(), map_of((P("symbol", symbol("k")), P("long", 5)), (P("string", "n"), list_of(P("bool", True)))),
        array_of(Data.INT, [P("int", 1), P("int", -2)]), array_of(Data.UINT, []),
        array_of(Data.SYMBOL, [P("symbol", symbol("amqp:accepted:list")), P("symbol", symbol("b"))]),
        array_of(Data.BOOL, [P("bool", True), P("bool", False)]),
        array_of(Data.ULONG, [P("ulong", 7), P("ulong", 2 ** 40)], descriptor=P("ulong", 0x70)),
        array_of(Data.STRING, [P("string", "a")], descriptor=P("symbol", symbol("x:y"))),
        described(P("ulong", 0x10), list_of(P("string", "container"), put(Data.put_null), P("uint", 65536))),
        described(P("symbol", symbol("amqp:data:binary")), P("binary", b"\x00\x01")),
        described(P("ulong", 0x74), map_of((P("string", "a"), described(P("ulong", 1), P("int", 2))))),
    ]
    for build in values:
        d = Data()
        build(d)
        encoded = d.encode()
        check = Data()
        check.decode(encoded)
        check.rewind()
        check.next()
        yield encoded.hex(), fmt(check)


def symbols(*names):
    return array_of(Data.SYMBOL, [P("symbol", symbol(n)) for n in names])


def fields(*pairs):
    """A map with symbol keys and string values (connection, session and link properties, filters, info)."""
    return map_of(*[(P("symbol", symbol(k)), P("string", v)) for k, v in pairs])


def composite(code, *items):
    return described(P("ulong", code), list_of(*items))


def error(condition, description, info):
    return composite(0x1d, P("symbol", symbol(condition)), P("string", description), info)


def performatives():
    """Each performative, SASL frame and delivery state with every field set, as Amqp10PerformativeSamples builds them."""
    accepted = composite(0x24)
    source = composite(
        0x28, P("string", "/queues/q"), P("uint", 0), P("symbol", symbol("link-detach")), P("uint", 0),
        P("bool", False), fields(("lifetime-policy", "delete-on-close")), P("symbol", symbol("move")),
        fields(("f", "g")), accepted, symbols("amqp:accepted:list", "amqp:rejected:list"), symbols("queue"))
    target = composite(
        0x29, P("string", "/queues/q"), P("uint", 1), P("symbol", symbol("never")), P("uint", 5), P("bool", False),
        fields(("k", "v")), symbols("topic"))
    unsettled = map_of((P("binary", b"\x01"), accepted))
    return [
        ("open", composite(
            0x10, P("string", "typedamqp-test"), P("string", "vhost:/"), P("uint", 65536), P("ushort", 255),
            P("uint", 30000), symbols("en-US"), symbols("en-US", "de-DE"), symbols("ANONYMOUS-RELAY"),
            symbols("DELAYED_DELIVERY"), fields(("product", "TypedAmqp"))))
        , ("begin", composite(
            0x11, P("ushort", 1), P("uint", 0), P("uint", 2048), P("uint", 2048), P("uint", 63), symbols("a"),
            symbols("b"), fields(("p", "v"))))
        , ("attach", composite(
            0x12, P("string", "sender-1"), P("uint", 0), P("bool", True), P("ubyte", 2), P("ubyte", 0), source,
            target, unsettled, P("bool", False), P("uint", 7), P("ulong", 1048576), symbols("o"), symbols("d"),
            fields(("p", "v"))))
        , ("flow", composite(
            0x13, P("uint", 1), P("uint", 100), P("uint", 2), P("uint", 200), P("uint", 3), P("uint", 4),
            P("uint", 5), P("uint", 6), P("bool", True), P("bool", False), fields(("p", "v"))))
        , ("transfer", composite(
            0x14, P("uint", 0), P("uint", 1), P("binary", b"\x01\x02"), P("uint", 0), P("bool", False),
            P("bool", True), P("ubyte", 1),
            composite(0x27, P("bool", True), P("bool", False), fields(("x-opt", "y"))),
            P("bool", False), P("bool", False), P("bool", True)))
        , ("transfer-received", composite(
            0x14, P("uint", 4), P("uint", 9), P("binary", b"t"), P("uint", 0), P("bool", False), P("bool", False),
            P("ubyte", 0), composite(0x23, P("uint", 1), P("ulong", 2))))
        , ("disposition", composite(
            0x15, P("bool", True), P("uint", 1), P("uint", 5), P("bool", True),
            composite(0x25, error("amqp:not-found", "gone", fields(("k", "v")))), P("bool", False)))
        , ("disposition-released", composite(0x15, P("bool", True), P("uint", 3), P("uint", 3), P("bool", True), composite(0x26)))
        , ("disposition-accepted", composite(0x15, P("bool", False), P("uint", 0), P("uint", 0), P("bool", True), accepted))
        , ("detach", composite(0x16, P("uint", 2), P("bool", True), error("amqp:link:detach-forced", "forced", fields(("k", "v")))))
        , ("end", composite(0x17, error("amqp:session:window-violation", "window", fields(("k", "v")))))
        , ("close", composite(0x18, error("amqp:connection:forced", "bye", fields(("k", "v")))))
        , ("sasl-mechanisms", composite(0x40, symbols("PLAIN", "ANONYMOUS")))
        , ("sasl-init", composite(0x41, P("symbol", symbol("PLAIN")), P("binary", b"\x00u\x00p"), P("string", "localhost")))
        , ("sasl-challenge", composite(0x42, P("binary", b"\x01\x02")))
        , ("sasl-response", composite(0x43, P("binary", b"\x03\x04")))
        , ("sasl-outcome", composite(0x44, P("ubyte", 1), P("binary", b"\x05")))
    ]


def main():
    if sys.argv[1] == "decode":
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                print(decode(line))
            except Exception as e:  # reported per line, compared by the test
                print("error: %s: %s" % (type(e).__name__, e))
    elif sys.argv[1] == "performatives":
        for name, build in performatives():
            d = Data()
            build(d)
            encoded = d.encode()
            print(name + "\t" + encoded.hex() + "\t" + decode(encoded.hex()))
    else:
        for encoded, text in corpus():
            print(encoded + "\t" + text)


if __name__ == "__main__":  # proton_sections.py imports the canonical form and the builders
    main()
