// Block-scoped namespaces, nested namespace blocks, contracts and messages in different namespaces.
using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using TypedAmqp;
using TypedAmqp.Messaging;

[assembly: JsonContext(typeof(Company.Json.AppJson))]

namespace Company.Messages
{
    public sealed record Hired(string Name);
}

namespace Company
{
    namespace Publishing
    {
        [Exchange("hr", ExchangeKind.Fanout)]
        public interface IHr
        {
            ValueTask Hired(Company.Messages.Hired message);
        }
    }

    namespace Consuming
    {
        [Queue("hr.payroll")]
        [Binding(typeof(Company.Publishing.IHr))]
        [Consumer]
        public interface IPayroll
        {
            ValueTask Handle(Company.Messages.Hired message);
        }
    }
}

namespace Company.Json
{
    [JsonSerializable(typeof(Company.Messages.Hired))]
    public sealed partial class AppJson : JsonSerializerContext { }
}
