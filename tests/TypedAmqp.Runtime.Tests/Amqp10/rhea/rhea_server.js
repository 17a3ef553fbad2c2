'use strict';
// rhea (node) as an AMQP 1.0 server, the peer of Amqp10RheaPeerTests. Usage: node rhea_server.js (NODE_PATH = the
// node_modules of eng/rhea/install.sh). Listens on a free loopback port and prints "listening PORT"; then one JSON
// object per line for what happened, and reads commands from stdin ("credit ADDRESS N").
//
// SASL: ANONYMOUS, or PLAIN as rhea / secret. What a link does depends on the address the TypedAmqp side names:
//   TypedAmqp sends to ...
//     record   every message is accepted and reported ({"event":"received","report":...}, see rhea_canonical.js)
//     outcome  settled as its subject says: accept, reject (amqp:precondition-failed), release, modify
//              (delivery-failed, undeliverable-here and a message annotation)
//     credit   3 credits and no more until the test writes "credit credit N"; each message reported, and any beyond
//              the credit reported as {"event":"oversent"}
//   TypedAmqp receives from ...
//     typed    the messages of rhea_messages.js, each reported as sent ({"event":"sent"}); the receiver's outcome
//              of each comes back as {"event":"outcome",...}
//     sections the messages of rhea_messages.js's sectionMessages (delivery annotations, amqp-sequence, footer),
//              reported as sent like typed
//     drain-me 5 credits; "drain drain-me" on stdin makes rhea drain them ({"event":"drained"} once answered)
//     small    a receiver with max-message-size 100
//     second   rcv-settle-mode second: rhea accepts unsettled and reports {"event":"settled_by_sender"}
//     request  each message is answered, to the node its reply-to names (a dynamic node below), with "reply to BODY"
//   TypedAmqp receives from ...
//     drainable 3 messages; a drain is answered after them ({"event":"draining"})
//     big      one message of 1000 bytes (for a receiver with a smaller max-message-size)
//     second   rcv-settle-mode second when asked: 2 messages, each settled by rhea once the receiver's outcome came
//     durable  a subscription of 6 numbered messages kept by container id and link name (a durable terminus belongs to
//              that pair): a detach with closed=false keeps what is left for an attach of the same name from the same
//              container ({"attached",...,"resumed":true}); a close forgets it. rhea keeps no terminus state itself.
//     (dynamic) a source or target with dynamic=true is given the address dynamic-N ({"event":"assigned"})
//   Every attach is reported with the terminus rhea decoded ({"event":"attached",...,"terminus":...}) and every detach
//   with its closed flag and error ({"event":"detached"}).
//     stream   40 numbered amqp-value messages, sent only while the link has credit; {"event":"credit"} at every
//              flow, with the credit the TypedAmqp receiver granted
const rhea = require('rhea');
const { canonical, describe, keepRawBytes } = require('./rhea_canonical.js');
const { typedMessages, sectionMessages } = require('./rhea_messages.js');
const types = rhea.types;
keepRawBytes();

function emit(o) { process.stdout.write(JSON.stringify(o) + '\n'); }

// No automatic credit or settlement: receiver_open grants credit by address, the message handler settles.
const container = rhea.create_container({ id: 'rhea-test-server', autoaccept: false, credit_window: 0 });
container.sasl_server_mechanisms.enable_anonymous();
container.sasl_server_mechanisms.enable_plain((user, password) => user === 'rhea' && password === 'secret');

const creditLinks = new Map(); // receiver link -> { granted, received }
const durable = new Map(); // container id + link name -> messages not yet sent to the subscription
const dynamicSenders = new Map(); // assigned address -> sender link
let dynamicCount = 0;

// What rhea decoded of a terminus: plain fields as rhea unwrapped them, filter and dynamic-node-properties values in
// the canonical form (rhea keeps their AMQP types there).
function terminusReport(t) {
  if (!t) return null;
  const r = {};
  for (const k of ['address', 'durable', 'expiry_policy', 'timeout', 'dynamic', 'distribution_mode', 'capabilities']) {
    if (t[k] !== undefined && t[k] !== null) r[k] = t[k];
  }
  for (const k of ['filter', 'dynamic_node_properties']) {
    if (t[k]) {
      r[k] = {};
      for (const key of Object.keys(t[k])) {
        const v = t[k][key];
        r[k][key] = v && v.type ? canonical(v) : JSON.stringify(v);
      }
    }
  }
  return r;
}

function attached(link, role, terminus, extra) {
  const attach = link.remote.attach;
  emit(Object.assign({
    event: 'attached', role, address: terminus && terminus.address, name: link.name, terminus: terminusReport(terminus),
    snd_settle_mode: attach.snd_settle_mode, rcv_settle_mode: attach.rcv_settle_mode,
    max_message_size: attach.max_message_size === undefined || attach.max_message_size === null ? undefined : String(attach.max_message_size),
  }, extra || {}));
}

function detached(role) {
  return (context) => {
    const link = context.sender || context.receiver;
    const detach = link.remote.detach || {};
    emit({ event: 'detached', role, name: link.name, closed: detach.closed === true, condition: detach.error ? String(detach.error.condition) : undefined });
    if (role === 'sender' && link.durable_name && detach.closed === true) durable.delete(link.durable_name);
  };
}
container.on('sender_close', detached('sender'));
container.on('receiver_close', detached('receiver'));
container.on('sender_error', () => {});
container.on('receiver_error', () => {});

container.on('receiver_open', (context) => {
  const receiver = context.receiver;
  const target = receiver.remote.attach.target;
  let address = target && target.address;
  if (target && target.dynamic) {
    address = `dynamic-${++dynamicCount}`;
    receiver.set_target({ address, dynamic: true });
    receiver.assigned_address = address;
    emit({ event: 'assigned', address });
  } else {
    receiver.set_target({ address });
  }
  if (address === 'small') receiver.local.attach.max_message_size = 100;
  if (address === 'second') receiver.local.attach.rcv_settle_mode = 1;
  attached(receiver, 'receiver', target);
  if (address === 'drain-me') {
    receiver.add_credit(5);
  } else if (address === 'credit') {
    creditLinks.set(receiver, { granted: 3, received: 0 });
    receiver.add_credit(3);
  } else {
    receiver.add_credit(100);
  }
});

container.on('sender_open', (context) => {
  const sender = context.sender;
  const source = sender.remote.attach.source;
  let address = source && source.address;
  if (source && source.dynamic) {
    address = `dynamic-${++dynamicCount}`;
    dynamicSenders.set(address, sender);
    sender.set_source({ address, dynamic: true });
    emit({ event: 'assigned', address });
  } else {
    sender.set_source({ address, durable: source && source.durable, expiry_policy: source && source.expiry_policy });
  }
  if (address === 'second' && sender.remote.attach.rcv_settle_mode === 1) sender.local.attach.rcv_settle_mode = 1;
  const durableKey = `${sender.connection.remote.open.container_id}/${sender.name}`;
  const resumed = address === 'durable' && durable.has(durableKey);
  attached(sender, 'sender', source, address === 'durable' ? { resumed } : undefined);
  if (address === 'durable') {
    if (!resumed) durable.set(durableKey, Array.from({ length: 6 }, (_, i) => ({ m: { body: types.wrap_int(i) }, index: i })));
    sender.durable_name = durableKey;
    sender.pending = durable.get(durableKey);
  } else if (address === 'drainable') {
    sender.pending = Array.from({ length: 3 }, (_, i) => ({ m: { body: types.wrap_int(i) }, index: i }));
  } else if (address === 'big') {
    sender.pending = [{ m: { body: rhea.message.data_section(Buffer.alloc(1000, 7)) }, index: 0 }];
  } else if (address === 'second') {
    sender.pending = Array.from({ length: 2 }, (_, i) => ({ m: { body: types.wrap_int(i) }, index: i }));
  } else if (address === 'typed') {
    sender.pending = typedMessages().map((m, index) => ({ m, index }));
  } else if (address === 'sections') {
    sender.pending = sectionMessages().map((m, index) => ({ m, index }));
  } else if (address === 'stream') {
    sender.pending = Array.from({ length: 40 }, (_, i) => ({ m: { body: types.wrap_int(i) }, index: i }));
  } else {
    sender.pending = [];
  }
  pump(sender);
});

// At most the link's credit per call: rhea takes credit off only when its session writes the transfer, so sendable()
// stays true through a loop and would queue more than the credit, deliveries a detach then drops.
function pump(sender) {
  for (let budget = sender.credit; budget > 0 && sender.pending.length && sender.sendable(); budget--) {
    const { m, index } = sender.pending.shift();
    const delivery = sender.send(m);
    delivery.test_index = index;
    if (sender.source.address === 'typed' || sender.source.address === 'sections') emit({ event: 'sent', index, report: describe(rhea.message.encode(m)) });
  }
}

container.on('sender_draining', (context) => {
  pump(context.sender);
  emit({ event: 'draining', address: context.sender.source.address, credit: context.sender.credit });
  context.sender.set_drained(true);
});

container.on('receiver_drained', (context) => {
  emit({ event: 'drained', address: context.receiver.target.address, credit: context.receiver.credit, delivery_count: context.receiver.delivery_count });
});

container.on('settled', (context) => {
  if (context.receiver && context.receiver.target.address === 'second') {
    emit({ event: 'settled_by_sender', address: 'second' });
    context.delivery.settled = true;
  }
});

container.on('sendable', (context) => {
  emit({ event: 'credit', address: context.sender.source.address, credit: context.sender.credit });
  pump(context.sender);
});

function outcome(kind) {
  return (context) => {
    const state = context.delivery.remote_state || {};
    emit({
      event: 'outcome', address: context.sender.source.address, index: context.delivery.test_index, kind,
      condition: state.error ? String(state.error.condition) : undefined,
      description: state.error ? state.error.description : undefined,
      delivery_failed: state.delivery_failed, undeliverable_here: state.undeliverable_here,
      remote_settled: context.delivery.remote_settled === true,
    });
    // A receiver that settles second waits for this side to settle: rhea's sender does not do it by itself.
    if (!context.delivery.remote_settled) {
      context.delivery.update(true);
      emit({ event: 'sender_settled', address: context.sender.source.address, index: context.delivery.test_index });
    }
  };
}
container.on('accepted', outcome('accepted'));
container.on('rejected', outcome('rejected'));
container.on('released', outcome('released'));
container.on('modified', outcome('modified'));

container.on('message', (context) => {
  const receiver = context.receiver;
  const address = receiver.assigned_address || receiver.target.address;
  const delivery = context.delivery;
  const report = describe(context.message.raw_bytes);
  if (address === 'credit') {
    const state = creditLinks.get(receiver);
    state.received++;
    if (state.received > state.granted) emit({ event: 'oversent', received: state.received, granted: state.granted });
  }
  emit({ event: 'received', address, report });
  if (address === 'request') {
    const replyTo = context.message.reply_to;
    const target = dynamicSenders.get(replyTo);
    emit({ event: 'request', reply_to: replyTo, routed: Boolean(target) });
    if (target) target.send({ correlation_id: context.message.message_id, body: 'reply to ' + context.message.body });
    delivery.accept();
  } else if (address === 'outcome') {
    switch (context.message.subject) {
      case 'reject':
        delivery.reject({ condition: 'amqp:precondition-failed', description: 'refused by rhea', info: { reason: 'test' } });
        break;
      case 'release': delivery.release(); break;
      case 'modify':
        delivery.modified({ delivery_failed: true, undeliverable_here: true, message_annotations: { 'x-opt-rhea': 'modified' } });
        break;
      default: delivery.accept();
    }
  } else {
    delivery.accept();
  }
  if (address !== 'credit' && address !== 'drain-me') receiver.add_credit(1); // the other links keep 100 credits open
});

function drainLinks() {
  const links = [];
  for (const connection of connections) {
    connection.each_receiver((receiver) => links.push([receiver]));
  }
  return links;
}
const connections = new Set();
container.on('connection_open', (context) => connections.add(context.connection));
container.on('disconnected', (context) => connections.delete(context.connection));

require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, address, n] = line.trim().split(/\s+/);
  if (command === 'drain') {
    for (const [receiver] of drainLinks()) if (receiver.target.address === address) receiver.drain_credit();
  }
  if (command === 'credit') {
    for (const [receiver, state] of creditLinks) {
      if (receiver.target.address === address) {
        state.granted += Number(n);
        receiver.add_credit(Number(n));
      }
    }
  }
});
process.stdin.on('end', () => process.exit(0));

const server = container.listen({ port: 0, host: '127.0.0.1' });
server.on('listening', () => process.stdout.write(`listening ${server.address().port}\n`));
