'use strict';
// What rhea decoded, in the canonical text form of TypedAmqp's Amqp10Value.ToString() (type:value, hex for text and
// binaries, IEEE bits for floats), so a test compares the type of every field as well as its value. Messages are read
// from the transfer's own bytes with rhea's types.Reader: rhea's message objects unwrap values to plain JavaScript
// (a ubyte and an int both become numbers), its Reader keeps the AMQP type.
const rhea = require('rhea');
const types = rhea.types;

const names = {
  Ubyte: 'ubyte', Ushort: 'ushort', Uint: 'uint', SmallUint: 'uint', Uint0: 'uint',
  Ulong: 'ulong', SmallUlong: 'ulong', Ulong0: 'ulong',
  Byte: 'byte', Short: 'short', Int: 'int', SmallInt: 'int', Long: 'long', SmallLong: 'long',
};

function integer(value, signed) {
  if (Buffer.isBuffer(value)) return (signed ? value.readBigInt64BE(0) : value.readBigUInt64BE(0)).toString();
  return BigInt(value).toString();
}

function hex(buffer) { return Buffer.from(buffer).toString('hex'); }

function uuid(buffer) {
  const h = hex(buffer);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function canonical(typed) {
  if (typed.descriptor !== undefined) {
    const descriptor = typed.descriptor;
    const plain = Object.assign(Object.create(Object.getPrototypeOf(typed)), typed);
    delete plain.descriptor;
    return `described(${canonical(descriptor)},${canonical(plain)})`;
  }
  const name = typed.type.name;
  const v = typed.value;
  switch (name) {
    case 'Null': return 'null';
    case 'True': return 'bool:true';
    case 'False': return 'bool:false';
    case 'Boolean': return v ? 'bool:true' : 'bool:false';
    case 'Float': { const b = Buffer.alloc(4); b.writeFloatBE(v); return 'float:0x' + hex(b); }
    case 'Double': { const b = Buffer.alloc(8); b.writeDoubleBE(v); return 'double:0x' + hex(b); }
    case 'Decimal32': return 'decimal32:0x' + hex(v);
    case 'Decimal64': return 'decimal64:0x' + hex(v);
    case 'Decimal128': return 'decimal128:0x' + hex(v);
    case 'CharUTF32': return 'char:0x' + v.toString(16);
    case 'Timestamp': return 'timestamp:' + (v instanceof Date ? v.getTime() : integer(v, true));
    case 'Uuid': return 'uuid:' + uuid(v);
    case 'Vbin8': case 'Vbin32': return 'binary:' + hex(v);
    case 'Str8': case 'Str32': return 'string:' + hex(Buffer.from(v, 'utf8'));
    case 'Sym8': case 'Sym32': return 'symbol:' + hex(Buffer.from(v, 'ascii'));
    case 'List0': case 'List8': case 'List32': return 'list[' + v.map(canonical).join(',') + ']';
    case 'Map8': case 'Map32': {
      const entries = [];
      for (let i = 0; i + 1 < v.length; i += 2) entries.push(canonical(v[i]) + '=' + canonical(v[i + 1]));
      return 'map{' + entries.join(',') + '}';
    }
    default:
      if (names[name]) return names[name] + ':' + integer(v, !names[name].startsWith('u'));
      return 'unknown:' + name;
  }
}

const headerFields = ['durable', 'priority', 'ttl', 'first_acquirer', 'delivery_count'];
const propertyFields = ['message_id', 'user_id', 'to', 'subject', 'reply_to', 'correlation_id', 'content_type',
  'content_encoding', 'absolute_expiry_time', 'creation_time', 'group_id', 'group_sequence', 'reply_to_group_id'];

function fields(list, names) {
  const result = {};
  (list.value || []).forEach((field, i) => { if (field.type.name !== 'Null') result[names[i]] = canonical(field); });
  return result;
}

function map(typed, keyText) {
  const result = {};
  for (let i = 0; i + 1 < typed.value.length; i += 2) result[keyText(typed.value[i])] = canonical(typed.value[i + 1]);
  return result;
}

// One message's sections: header and properties as {field: canonical}, annotations and application properties as
// {key: canonical} (annotation keys canonical, application property keys as text), the body as its section kind and
// canonical value(s).
function describe(bytes) {
  const reader = new types.Reader(bytes);
  const report = {};
  while (reader.remaining()) {
    const section = reader.read();
    const code = Number(section.descriptor.value);
    const plain = Object.assign(Object.create(Object.getPrototypeOf(section)), section);
    delete plain.descriptor;
    switch (code) {
      case 0x70: report.header = fields(section, headerFields); break;
      case 0x71: report.delivery_annotations = map(plain, canonical); break;
      case 0x72: report.message_annotations = map(plain, canonical); break;
      case 0x73: report.properties = fields(section, propertyFields); break;
      case 0x74: report.application_properties = map(plain, k => String(k.value)); break;
      case 0x75: (report.data = report.data || []).push(canonical(plain)); break;
      case 0x76: (report.sequence = report.sequence || []).push(canonical(plain)); break;
      case 0x77: report.value = canonical(plain); break;
      case 0x78: report.footer = map(plain, canonical); break;
      default: report['section_' + code] = canonical(plain);
    }
  }
  return report;
}

// rhea decodes each complete transfer with message.decode; keeping its bytes on the message costs nothing else.
function keepRawBytes() {
  const decode = rhea.message.decode;
  rhea.message.decode = function (buffer) {
    const message = decode(buffer);
    Object.defineProperty(message, 'raw_bytes', { value: Buffer.from(buffer), enumerable: false });
    return message;
  };
}

module.exports = { canonical, describe, keepRawBytes };
