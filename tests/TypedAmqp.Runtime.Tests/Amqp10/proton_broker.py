#!/usr/bin/python3
"""A tiny in-memory AMQP 1.0 broker written with Qpid Proton's reactor, the peer of Amqp10ProtonPeerTests.

Usage: proton_broker.py HOST:PORT. Prints "listening" once it accepts connections. Each address is a queue: messages
sent to it are kept (as Proton decoded them) and sent on to receivers with credit. Two addresses answer with an
outcome instead: "/reject" rejects every message with amqp:precondition-failed, "/release" releases it. Proton 0.37
offers only SASL ANONYMOUS as a server here.
"""
import collections
import sys

from proton import Condition
from proton.handlers import MessagingHandler
from proton.reactor import Container


class Broker(MessagingHandler):
    def __init__(self, url):
        super().__init__(auto_accept=False)
        self.url = url
        self.queues = collections.defaultdict(collections.deque)
        self.consumers = collections.defaultdict(list)

    def on_start(self, event):
        event.container.listen(self.url)
        print("listening", flush=True)

    def on_link_opening(self, event):
        link = event.link
        if link.is_sender:
            link.source.address = link.remote_source.address
            self.consumers[link.remote_source.address].append(link)
        else:
            link.target.address = link.remote_target.address

    def on_link_closing(self, event):
        self.forget(event.link)

    def on_disconnected(self, event):
        for links in self.consumers.values():
            links[:] = [l for l in links if l.connection != event.connection]

    def forget(self, link):
        if link.is_sender and link in self.consumers[link.source.address]:
            self.consumers[link.source.address].remove(link)

    def on_sendable(self, event):
        self.dispatch(event.link.source.address)

    def dispatch(self, address):
        for link in self.consumers[address]:
            while link.credit > 0 and self.queues[address]:
                link.send(self.queues[address].popleft())

    def on_message(self, event):
        address = event.link.target.address
        if address == "/reject":
            event.delivery.local.condition = Condition("amqp:precondition-failed", "rejected by the test broker")
            self.reject(event.delivery)
        elif address == "/release":
            self.release(event.delivery, delivered=False)
        else:
            self.queues[address].append(event.message)
            self.accept(event.delivery)
            self.dispatch(address)


Container(Broker(sys.argv[1])).run()
