'use strict';
// The messages rhea sends to TypedAmqp (rhea_server.js, and rhea_client.js through RabbitMQ 4): one with every header
// and properties field, two message annotations, an application property of every simple type rhea can write (each
// wrapped in its AMQP type) and a data body; then one per amqp-value body kind.
const rhea = require('rhea');
const types = rhea.types;

const created = new Date(1764640000123);
function typedMessages() {
  return [
    {
      durable: true, priority: 7, ttl: 60000, first_acquirer: true, delivery_count: 2,
      message_annotations: { 'x-opt-rhea': 'annotated', 'x-opt-count': types.wrap_int(-3) },
      message_id: types.wrap_ulong(42),
      user_id: Buffer.from('rhea'),
      to: 'typed', subject: 'every type', reply_to: 'replies',
      correlation_id: types.wrap_uuid(Buffer.from('00112233445566778899aabbccddeeff', 'hex')),
      content_type: 'application/octet-stream', content_encoding: 'identity',
      absolute_expiry_time: new Date(created.getTime() + 3600000), creation_time: created,
      group_id: 'group', group_sequence: 9, reply_to_group_id: 'reply group',
      application_properties: {
        null: null,
        bool: true,
        ubyte: types.wrap_ubyte(200),
        ushort: types.wrap_ushort(65000),
        uint: types.wrap_uint(4000000000),
        ulong: types.wrap_ulong(Buffer.from('fffffffffffffffe', 'hex')),
        byte: types.wrap_byte(-100),
        short: types.wrap_short(-30000),
        int: types.wrap_int(-2000000000),
        long: types.wrap_long(-5000000000),
        float: types.wrap_float(1.5),
        double: types.wrap_double(0.1),
        char: types.wrap_char(0x1F600),
        timestamp: types.wrap_timestamp(created.getTime()),
        uuid: types.wrap_uuid(Buffer.from('0f0e0d0c0b0a09080706050403020100', 'hex')),
        binary: types.wrap_binary(Buffer.from([0, 1, 254, 255])),
        string: 'h\u00e9llo \u2713',
        symbol: types.wrap_symbol('a-symbol'),
      },
      body: rhea.message.data_section(Buffer.from([0, 1, 2, 255])),
    },
    { message_id: 'value-string', body: 'an amqp-value string' },
    { message_id: 'value-map', body: { key: types.wrap_ulong(7), nested: [types.wrap_short(-1), 'x', false] } },
    { message_id: 'value-list', body: [types.wrap_int(1), 'two', types.wrap_double(3.5)] },
    { message_id: 'value-binary', body: Buffer.from('bytes in an amqp-value') },
    { message_id: 'value-long', body: types.wrap_long(-9007199254740991) },
    { message_id: 'value-null', body: null },
  ];
}

// Messages with the sections beyond the common ones: delivery annotations, amqp-sequence bodies (one and several
// sections) and a footer. rhea writes the footer as a map with string keys (it wraps only the annotation maps with
// symbol keys): the report keeps the key types as rhea wrote them.
function sectionMessages() {
  return [
    {
      message_id: 'sections',
      delivery_annotations: { 'x-opt-hop': 'next', 'x-opt-rank': types.wrap_uint(3) },
      message_annotations: { 'x-opt-kind': 'sectioned' },
      body: rhea.message.sequence_section([types.wrap_int(1), 'two', types.wrap_boolean(false)]),
      footer: { hash: types.wrap_binary(Buffer.from([0xca, 0xfe])) },
    },
    {
      message_id: 'sequences',
      body: rhea.message.sequence_sections([[types.wrap_long(-1)], [], ['a', types.wrap_symbol('b'), [types.wrap_ubyte(9)]]]),
    },
  ];
}

module.exports = { typedMessages, sectionMessages };
