using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TypedAmqp.Amqp091;

namespace TypedAmqp.Integration.RabbitMq4;

/// <summary>
/// A transient queue (neither durable nor exclusive) is a deprecated feature on RabbitMQ 4 — permitted by default,
/// warned about in the broker log, refused once an operator denies it — and an ordinary queue on 3.x.
/// </summary>
public sealed class TransientQueueTests
{
    [BrokerFact]
    public async Task A_transient_non_exclusive_queue_works_on_both_versions_and_4x_lists_it_as_a_deprecated_feature_in_use()
    {
        await using AmqpConnection connection = await Broker.ConnectAsync("rmq4-transient-queue");
        bool four = ServerVersion.IsAtLeast4(connection);
        await using AmqpChannel channel = await connection.OpenChannelAsync();
        string queue = Broker.UniqueName("rmq4.transient");
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        try
        {
            await channel.PublishAsync("", queue, "transient"u8.ToArray());
            GetResult? result = await QuorumDeliveryLimitTests.PollAsync(channel, queue, TimeSpan.FromSeconds(5));
            Assert.NotNull(result);
            Assert.Equal("transient", Encoding.UTF8.GetString(result.Body.Span));
            await result.AckAsync();

            // The management API (AMQP port + 10000, as eng/broker.sh sets it up) names the deprecated features in use.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8));
            using HttpResponseMessage response = await http.GetAsync($"http://127.0.0.1:{Broker.PlainPort + 10000}/api/deprecated-features/used");
            if (four)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using JsonDocument used = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Contains(used.RootElement.EnumerateArray(), feature => feature.GetProperty("name").GetString() == "transient_nonexcl_queues");
            }
            else
            {
                // 3.x has no deprecated-features registry at all.
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }
}
