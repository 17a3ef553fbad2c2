using System.Text;
using System.Text.Json;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration.Clusters;

/// <summary>
/// The clusters eng/broker.sh starts, RabbitMQ 3.10 and 4.0, each of three nodes: every node runs and sees the others,
/// a quorum queue declared through one node has a member on each, and what is published with confirms on one node is
/// consumed on another.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests
{
    [BrokerTheory]
    [InlineData("3.10")]
    [InlineData("4.0")]
    public async Task Every_node_runs_and_sees_the_others(string version)
    {
        BrokerCluster cluster = await BrokerCluster.StartAsync(version);
        for (int node = 1; node <= BrokerCluster.Size; node++)
        {
            JsonElement status = await cluster.CtlJsonAsync(node, "cluster_status");
            List<string> running = status.GetProperty("running_nodes").EnumerateArray().Select(name => name.GetString()!).Order().ToList();
            Assert.Equal(Enumerable.Range(1, BrokerCluster.Size).Select(cluster.NodeName).Order(), running);
            Assert.StartsWith(version + ".", FindVersion(status, cluster.NodeName(node)), StringComparison.Ordinal);
        }
    }

    [BrokerTheory]
    [InlineData("3.10")]
    [InlineData("4.0")]
    public async Task A_quorum_queue_declared_on_one_node_has_a_member_on_every_node_and_serves_its_messages_from_another(string version)
    {
        BrokerCluster cluster = await BrokerCluster.StartAsync(version);
        string queue = Broker.UniqueName("cluster-quorum");
        await using (AmqpConnection first = await BrokerCluster.ConnectAsync(cluster.Uri(1), "cluster-publisher"))
        {
            AmqpChannel channel = await first.OpenChannelAsync();
            await channel.QueueDeclareAsync(queue, durable: true, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            await channel.ConfirmSelectAsync();
            for (int i = 0; i < 10; i++) await channel.PublishAsync("", queue, Encoding.UTF8.GetBytes($"message {i}"), new BasicProperties { DeliveryMode = DeliveryMode.Persistent });
        }

        JsonElement queues = await cluster.CtlJsonAsync(2, "list_queues", "name", "type", "members");
        JsonElement declared = queues.EnumerateArray().Single(q => q.GetProperty("name").GetString() == queue);
        Assert.Equal("quorum", declared.GetProperty("type").GetString());
        Assert.Equal(
            Enumerable.Range(1, BrokerCluster.Size).Select(cluster.NodeName).Order(),
            declared.GetProperty("members").EnumerateArray().Select(member => member.GetString()!).Order());

        await using AmqpConnection third = await BrokerCluster.ConnectAsync(cluster.Uri(3), "cluster-consumer");
        AmqpChannel reading = await third.OpenChannelAsync();
        var received = new List<string>();
        while (await reading.BasicGetAsync(queue, autoAck: true) is { } message) received.Add(Encoding.UTF8.GetString(message.Body.Span));
        await reading.QueueDeleteAsync(queue);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"message {i}"), received);
    }

    private static string FindVersion(JsonElement status, string node)
    {
        // 3.10 and 4.0 both list each node's RabbitMQ version under "versions", keyed by node name.
        JsonElement versions = status.GetProperty("versions");
        return versions.GetProperty(node).GetProperty("rabbitmq_version").GetString()!;
    }
}
