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
//     stream   40 numbered amqp-value messages, sent only while the link has credit; {"event":"credit"} at every
//              flow, with the credit the TypedAmqp receiver granted
const rhea = require('rhea');
const { describe, keepRawBytes } = require('./rhea_canonical.js');
const { typedMessages, sectionMessages } = require('./rhea_messages.js');
const types = rhea.types;
keepRawBytes();

function emit(o) { process.stdout.write(JSON.stringify(o) + '\n'); }

// No automatic credit or settlement: receiver_open grants credit by address, the message handler settles.
const container = rhea.create_container({ id: 'rhea-test-server', autoaccept: false, credit_window: 0 });
container.sasl_server_mechanisms.enable_anonymous();
container.sasl_server_mechanisms.enable_plain((user, password) => user === 'rhea' && password === 'secret');

const creditLinks = new Map(); // receiver link -> { granted, received }

container.on('receiver_open', (context) => {
  const receiver = context.receiver;
  const address = receiver.remote.attach.target && receiver.remote.attach.target.address;
  receiver.set_target({ address });
  emit({ event: 'attached', role: 'receiver', address, name: receiver.name });
  if (address === 'credit') {
    creditLinks.set(receiver, { granted: 3, received: 0 });
    receiver.add_credit(3);
  } else {
    receiver.add_credit(100);
  }
});

container.on('sender_open', (context) => {
  const sender = context.sender;
  const address = sender.remote.attach.source && sender.remote.attach.source.address;
  sender.set_source({ address });
  emit({ event: 'attached', role: 'sender', address, name: sender.name });
  if (address === 'typed') {
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

function pump(sender) {
  while (sender.pending.length && sender.sendable()) {
    const { m, index } = sender.pending.shift();
    const delivery = sender.send(m);
    delivery.test_index = index;
    if (sender.source.address === 'typed' || sender.source.address === 'sections') emit({ event: 'sent', index, report: describe(rhea.message.encode(m)) });
  }
}

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
    });
  };
}
container.on('accepted', outcome('accepted'));
container.on('rejected', outcome('rejected'));
container.on('released', outcome('released'));
container.on('modified', outcome('modified'));

container.on('message', (context) => {
  const receiver = context.receiver;
  const address = receiver.target.address;
  const delivery = context.delivery;
  const report = describe(context.message.raw_bytes);
  if (address === 'credit') {
    const state = creditLinks.get(receiver);
    state.received++;
    if (state.received > state.granted) emit({ event: 'oversent', received: state.received, granted: state.granted });
  }
  emit({ event: 'received', address, report });
  if (address === 'outcome') {
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
  if (address !== 'credit') receiver.add_credit(1); // the other links keep 100 credits open
});

require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, address, n] = line.trim().split(/\s+/);
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
