using TypedAmqp.Amqp091;
using TypedAmqp.Messaging;

namespace TypedAmqp.Integration;

/// <summary>RabbitMQ definitions exported from a topology are what the broker imports, and the topology then verifies and re-declares against them.</summary>
public sealed class TopologyExportTests
{
    [BrokerFact]
    public async Task Imported_definitions_match_the_topology_they_were_exported_from()
    {
        string exchange = Broker.UniqueName("export");
        string queue = Broker.UniqueName("export.q");
        string copies = Broker.UniqueName("export.copies");
        var topology = new TopologyDescription(
            [new ExchangeDeclaration(exchange, "topic"), new ExchangeDeclaration(copies, "fanout", Internal: true)],
            [new QueueDeclaration(queue, Arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-delivery-limit"] = 5, ["x-max-length"] = 1000L, ["x-overflow"] = "reject-publish" })],
            [new BindingDeclaration(exchange, queue, false, "order.*"), new BindingDeclaration(exchange, copies, true, "#")]);
        string file = Path.Combine(Path.GetTempPath(), $"typedamqp-definitions-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, RabbitMqDefinitions.Write(topology));
        try
        {
            await BrokerControl.ImportDefinitionsAsync(file);

            await using AmqpConnection connection = await Broker.ConnectAsync();
            await using (AmqpChannel verify = await connection.OpenChannelAsync())
            {
                await topology.DeclareAsync(verify, TopologyMode.Verify);
            }

            // A declare with different settings or argument types would be refused (406); this one matches.
            await using (AmqpChannel declare = await connection.OpenChannelAsync())
            {
                await topology.DeclareAsync(declare);
                await declare.QueueDeleteAsync(queue);
                await declare.ExchangeDeleteAsync(copies);
                await declare.ExchangeDeleteAsync(exchange);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [BrokerFact]
    public async Task The_generated_topology_of_this_assembly_imports_and_then_declares_without_a_conflict()
    {
        string file = Path.Combine(Path.GetTempPath(), $"typedamqp-definitions-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, RabbitMqDefinitions.Write(TypedAmqp.Generated.MessagingTopology.Description));
        try
        {
            await BrokerControl.ImportDefinitionsAsync(file);
            await using AmqpConnection connection = await Broker.ConnectAsync();
            await using var messaging = new AmqpMessaging(connection);
            DeclaredTopology declared = await TypedAmqp.Generated.MessagingTopology.DeclareAsync(messaging);
            Assert.True(declared.Contains("typedamqp.it.jobs.work"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
