// A server-named queue that is neither exclusive nor auto-delete: every (re)connection would leave one behind.
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Leak.LeakJson))]

namespace Leak;

public sealed record Ping(string Text);

[Exchange("leak.pings", ExchangeKind.Fanout)]
public interface IPings { ValueTask Post(Ping ping); }

/*!TAMQP046*/[Queue("")]
[Binding(typeof(IPings))]
[Consumer]
public interface IListener { ValueTask Handle(Ping ping); }

[JsonSerializable(typeof(Ping))]
public sealed partial class LeakJson : JsonSerializerContext { }
