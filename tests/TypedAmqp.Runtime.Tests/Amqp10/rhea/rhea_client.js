'use strict';
// rhea (node) as an AMQP 1.0 client of RabbitMQ 4, the peer of Amqp10RheaBrokerTests. NODE_PATH = eng/rhea's node_modules.
//   node rhea_client.js send HOST PORT USER PASSWORD ADDRESS
//     sends the messages of rhea_messages.js (user-id: USER) to ADDRESS (a /queues/NAME), reporting each as rhea encoded it
//     ({"event":"sent","index":i,"report":...}) and then its outcome ({"event":"outcome","index":i,"kind":...});
//     exits 0 once every message is settled, 1 on an error.
//   node rhea_client.js receive HOST PORT USER PASSWORD ADDRESS COUNT
//     receives COUNT messages from ADDRESS (credit COUNT), reports each as rhea decoded its bytes
//     ({"event":"received","report":...}, see rhea_canonical.js), accepts it, and exits 0 after the last.
const rhea = require('rhea');
const { describe, keepRawBytes } = require('./rhea_canonical.js');
const { typedMessages } = require('./rhea_messages.js');
keepRawBytes();

const [mode, host, port, username, password, address, count] = process.argv.slice(2);
function emit(o) { process.stdout.write(JSON.stringify(o) + '\n'); }
// process.exit does not wait for a pipe's pending writes (a report of a 200 KB body is one long line): flush first.
function exit(code) { process.stdout.write('', () => process.exit(code)); }
function fail(what) { process.stderr.write(`rhea_client.js: ${what}\n`); exit(1); }

const container = rhea.create_container({ id: 'rhea-test-client' });
const connection = container.connect({
  host, port: Number(port), username, password, hostname: 'vhost:/', reconnect: false,
});
container.on('error', (context) => fail(`error: ${context.error} ${JSON.stringify((context.session || context.connection || {}).error)}`));
container.on('disconnected', (context) => { if (!container.done) fail(`disconnected: ${context.error || ''}`); });
container.on('connection_error', (context) => fail(`connection error: ${JSON.stringify(context.connection.error)}`));
container.on('sender_error', (context) => fail(`sender error: ${JSON.stringify(context.sender.error)}`));
container.on('receiver_error', (context) => fail(`receiver error: ${JSON.stringify(context.receiver.error)}`));

function finish() {
  container.done = true;
  connection.close();
  container.on('connection_close', () => exit(0));
  setTimeout(() => exit(0), 2000);
}

if (mode === 'send') {
  // RabbitMQ refuses a user-id other than the authenticated user's (amqp:unauthorized-access).
  const pending = typedMessages().map((m, index) => ({ m: m.user_id ? Object.assign(m, { user_id: Buffer.from(username) }) : m, index }));
  let settled = 0;
  const sender = connection.open_sender({ target: { address } });
  sender.on('sendable', () => {
    while (pending.length && sender.sendable()) {
      const { m, index } = pending.shift();
      emit({ event: 'sent', index, report: describe(rhea.message.encode(m)) });
      sender.send(m).test_index = index;
    }
  });
  const outcome = (kind) => (context) => {
    const state = context.delivery.remote_state || {};
    emit({ event: 'outcome', index: context.delivery.test_index, kind, condition: state.error ? String(state.error.condition) : undefined });
    if (++settled === typedMessages().length) finish();
  };
  sender.on('accepted', outcome('accepted'));
  sender.on('rejected', outcome('rejected'));
  sender.on('released', outcome('released'));
  sender.on('modified', outcome('modified'));
} else if (mode === 'receive') {
  let received = 0;
  const receiver = connection.open_receiver({ source: { address }, credit_window: 0, autoaccept: false });
  receiver.on('receiver_open', () => receiver.add_credit(Number(count)));
  receiver.on('message', (context) => {
    emit({ event: 'received', report: describe(context.message.raw_bytes) });
    context.delivery.accept();
    if (++received === Number(count)) finish();
  });
} else {
  fail(`unknown mode ${mode}`);
}
