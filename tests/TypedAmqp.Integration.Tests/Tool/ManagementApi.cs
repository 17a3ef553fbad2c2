using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace TypedAmqp.Integration.Tool;

/// <summary>
/// The local broker's management HTTP API (enabled by eng/broker.sh on 127.0.0.1, the AMQP port plus 10000), for tests that give
/// themselves a virtual host of their own: a fresh, empty broker as far as the topology goes, without touching "/".
/// </summary>
internal static class ManagementApi
{
    private static int Port => Broker.PlainPort + 10000;

    public static string Address => $"http://127.0.0.1:{Port}";

    private static readonly Lazy<bool> Reachable = new(() =>
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync("127.0.0.1", Port).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (Exception)
        {
            return false;
        }
    });

    public static bool IsReachable => Reachable.Value;

    /// <summary>Creates a virtual host that guest may use, and returns its name.</summary>
    public static async Task<string> CreateVirtualHostAsync(string prefix)
    {
        string name = $"typedamqp-test-{prefix}-{Guid.NewGuid():N}";
        using HttpClient http = Client();
        (await http.PutAsync($"api/vhosts/{name}", Json("{}"))).EnsureSuccessStatusCode();
        (await http.PutAsync($"api/permissions/{name}/guest", Json("""{"configure":".*","write":".*","read":".*"}"""))).EnsureSuccessStatusCode();
        return name;
    }

    public static async Task DeleteVirtualHostAsync(string name)
    {
        using HttpClient http = Client();
        await http.DeleteAsync($"api/vhosts/{name}");
    }

    /// <summary>The guest URI of the AMQP listener for <paramref name="virtualHost"/>.</summary>
    public static string AmqpUri(string virtualHost) => $"amqp://guest:guest@127.0.0.1:{Broker.PlainPort}/{virtualHost}";

    private static HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = new Uri(Address + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));
        return http;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

/// <summary>
/// A test that needs the broker's management API. Locally it is skipped, with the reason, when the API does not
/// answer (a node started before eng/broker.sh enabled it); with CI=true it always runs, so a missing plugin fails.
/// </summary>
public sealed class ManagementFactAttribute : FactAttribute
{
    public ManagementFactAttribute()
    {
        if (!Broker.IsCi && !(Broker.IsReachable && ManagementApi.IsReachable))
        {
            Skip = $"No RabbitMQ management API answers at {ManagementApi.Address}; restart the broker with eng/broker.sh stop; eng/broker.sh start (CI=true makes this a failure).";
        }
    }
}
