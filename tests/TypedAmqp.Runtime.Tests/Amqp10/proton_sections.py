#!/usr/bin/python3
"""The Qpid Proton peer of Amqp10ProtonSectionTests: every message section, as raw bytes, both ways.

Usage: proton_sections.py HOST:PORT. Prints "listening" once it accepts connections. Proton 0.37's Message class
cannot set a footer, so this peer never goes through it: it reads and writes a delivery's payload as bytes and
takes the sections apart (or builds them) with proton.Data.

- A message sent to any address is read as raw payload, each section decoded with proton.Data and printed as
  "delivery<TAB>ADDRESS<TAB>SECTION<TAB>SECTION..." in the canonical text form of Amqp10Value.ToString(), then
  "message<TAB>ADDRESS<TAB>..." with what Proton's own Message.decode made of the same bytes; then it is accepted.
- A receiver attached to "emit/data", "emit/value" or "emit/sequence" is sent one message built section by section
  with proton.Data put_* calls (every section, the body of that kind); its outcome is printed as
  "outcome<TAB>ADDRESS<TAB>accepted" (or rejected, released).
"""
import sys
import uuid

from proton import Data, Delivery, Message, char, decimal32, decimal64, decimal128, symbol, timestamp
from proton.handlers import IncomingMessageHandler, MessagingHandler
from proton.reactor import Container

from proton_interop import P, described, fmt, list_of, map_of, put


def section(code, value):
    return described(P("ulong", code), value)


def application_properties():
    """Every primitive type the spec allows in application properties (part 3 section 3.2.5), one key each."""
    return section(0x74, map_of(
        (P("string", "null"), put(Data.put_null)),
        (P("string", "bool"), P("bool", True)),
        (P("string", "ubyte"), P("ubyte", 255)),
        (P("string", "ushort"), P("ushort", 65535)),
        (P("string", "uint"), P("uint", 2 ** 32 - 1)),
        (P("string", "ulong"), P("ulong", 2 ** 64 - 1)),
        (P("string", "byte"), P("byte", -128)),
        (P("string", "short"), P("short", -32768)),
        (P("string", "int"), P("int", -(2 ** 31))),
        (P("string", "long"), P("long", -(2 ** 63))),
        (P("string", "float"), P("float", 1.5)),
        (P("string", "double"), P("double", -2.5e300)),
        (P("string", "decimal32"), P("decimal32", decimal32(0x22334455))),
        (P("string", "decimal64"), P("decimal64", decimal64(0x0102030405060708))),
        (P("string", "decimal128"), P("decimal128", decimal128(bytes(range(16))))),
        (P("string", "char"), P("char", char("\U0001F600"))),
        (P("string", "timestamp"), P("timestamp", timestamp(1764640000123))),
        (P("string", "uuid"), P("uuid", uuid.UUID("00112233-4455-6677-8899-aabbccddeeff"))),
        (P("string", "binary"), P("binary", b"\x00\xff")),
        (P("string", "string"), P("string", "h\u00e9llo \u4e16\u754c")),
        (P("string", "symbol"), P("symbol", symbol("sym")))))


# The message ids differ per body kind so that all four id types (ulong, uuid, binary, string) go both ways.
IDS = {
    "data": (P("ulong", 2 ** 64 - 1), P("string", "corr-1")),
    "value": (P("uuid", uuid.UUID("ffeeddcc-bbaa-9988-7766-554433221100")), P("binary", b"\x01\x02\x03")),
    "sequence": (P("binary", b"\xca\xfe"), P("uuid", uuid.UUID("00112233-4455-6677-8899-aabbccddeeff"))),
}

BODIES = {
    # Two data sections: a receiver reads them as one body, "first" + "second".
    "data": [section(0x75, P("binary", b"first ")), section(0x75, P("binary", b"second"))],
    "value": [section(0x77, map_of(
        (P("symbol", symbol("k")), list_of(P("int", -1), P("string", "x"), put(Data.put_null))),
        (P("ulong", 7), P("double", 0.5))))],
    "sequence": [section(0x76, list_of(P("uint", 1), P("string", "one"))), section(0x76, list_of(P("bool", False)))],
}


def message(kind):
    message_id, correlation_id = IDS[kind]
    sections = [
        section(0x70, list_of(P("bool", True), P("ubyte", 9), P("uint", 60000), P("bool", True), P("uint", 4))),
        section(0x71, map_of(
            (P("symbol", symbol("x-opt-trace")), P("string", "hop-1")),
            (P("symbol", symbol("x-opt-count")), P("long", -7)))),
        section(0x72, map_of(
            (P("symbol", symbol("x-opt-partition")), P("int", 3)),
            (P("symbol", symbol("x-opt-when")), P("timestamp", timestamp(1764640000999))),
            (P("ulong", 42), P("string", "numeric key")))),
        section(0x73, list_of(
            message_id, P("binary", b"guest"), P("string", "to-" + kind), P("string", "subject"), P("string", "replies"),
            correlation_id, P("symbol", symbol("application/json")), P("symbol", symbol("gzip")),
            P("timestamp", timestamp(1764640100000)), P("timestamp", timestamp(1764640000123)), P("string", "group"),
            P("uint", 2 ** 32 - 1), P("string", "reply-group"))),
        application_properties(),
    ] + BODIES[kind] + [
        section(0x78, map_of((P("symbol", symbol("x-opt-hash")), P("binary", b"\xde\xad\xbe\xef")))),
    ]
    payload = b""
    for build in sections:
        d = Data()
        build(d)
        payload += d.encode()
    return payload


def sections_of(payload):
    """Each section of a payload in the canonical form; proton.Data decodes one value per call."""
    texts = []
    while payload:
        d = Data()
        consumed = d.decode(payload)
        d.rewind()
        d.next()
        texts.append(fmt(d))
        payload = payload[consumed:]
    return texts


def proton_message(payload):
    """What Proton's own message decoder reads from the same bytes (it has no footer: that it skips)."""
    m = Message()
    m.decode(payload)
    return "durable=%r priority=%r ttl=%r first_acquirer=%r delivery_count=%r id=%r user_id=%r address=%r subject=%r " \
        "reply_to=%r correlation_id=%r content_type=%r content_encoding=%r expiry_time=%r creation_time=%r group_id=%r " \
        "group_sequence=%r reply_to_group_id=%r instructions=%r annotations=%r properties=%r body=%r" % (
            m.durable, m.priority, m.ttl, m.first_acquirer, m.delivery_count, m.id, m.user_id, m.address, m.subject,
            m.reply_to, m.correlation_id, m.content_type, m.content_encoding, m.expiry_time, m.creation_time,
            m.group_id, m.group_sequence, m.reply_to_group_id, m.instructions, m.annotations, m.properties, m.body)


class Peer(MessagingHandler):
    def __init__(self, url):
        super().__init__(auto_accept=False)
        # This peer reads payloads itself: without Proton's incoming-message handler nothing decodes them as a Message first.
        self.handlers = [h for h in self.handlers if not isinstance(h, IncomingMessageHandler)]
        self.url = url
        self.sent = set()

    def on_start(self, event):
        event.container.listen(self.url)
        print("listening", flush=True)

    def on_link_opening(self, event):
        link = event.link
        if link.is_sender:
            link.source.address = link.remote_source.address
        else:
            link.target.address = link.remote_target.address

    def on_sendable(self, event):
        link = event.sender
        address = link.source.address
        if link in self.sent or not address.startswith("emit/") or link.credit <= 0:
            return
        self.sent.add(link)
        link.delivery(address)
        link.send(message(address[len("emit/"):]))
        link.advance()

    def on_delivery(self, event):
        delivery = event.delivery
        link = delivery.link
        if not link.is_receiver or not delivery.readable or delivery.partial:
            return
        payload = link.recv(delivery.pending)
        link.advance()
        address = link.target.address
        print("delivery\t" + address + "\t" + "\t".join(sections_of(payload)), flush=True)
        print("message\t" + address + "\t" + proton_message(payload), flush=True)
        delivery.update(Delivery.ACCEPTED)
        delivery.settle()

    def outcome(self, event, name):
        print("outcome\t" + event.delivery.link.source.address + "\t" + name, flush=True)

    def on_accepted(self, event):
        self.outcome(event, "accepted")

    def on_rejected(self, event):
        self.outcome(event, "rejected")

    def on_released(self, event):
        self.outcome(event, "released")

Container(Peer(sys.argv[1])).run()
