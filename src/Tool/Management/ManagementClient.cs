using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TypedAmqp.Tool.Drift;

namespace TypedAmqp.Tool.Management;

/// <summary>
/// Reads a virtual host's definitions from the RabbitMQ management HTTP API (<c>GET /api/definitions/{vhost}</c>).
/// Only here, in the tool: the runtime speaks AMQP and nothing else.
/// </summary>
internal sealed class ManagementClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client of the API at <paramref name="baseAddress"/>, such as http://127.0.0.1:15672, asking as <paramref name="user"/>.</summary>
    /// <remarks>User information in the address is dropped: credentials come separately and are never shown.</remarks>
    public ManagementClient(Uri baseAddress, string user, string password, TimeSpan timeout)
    {
        // The address is what status lines and errors show: keep credentials out of it.
        var address = new UriBuilder(baseAddress) { UserName = string.Empty, Password = string.Empty };
        // "api/…" is resolved against the address: behind a proxy (http://host/rabbitmq) that needs the final slash.
        if (!address.Path.EndsWith('/')) address.Path += "/";
        BaseAddress = address.Uri;
        User = user;
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
    }

    /// <summary>The API's address, without credentials.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The user the API is asked as.</summary>
    public string User { get; }

    /// <summary>The definitions of <paramref name="virtualHost"/>; throws <see cref="ToolException"/> when the API cannot be read.</summary>
    public async Task<BrokerDefinitions> GetDefinitionsAsync(string virtualHost, CancellationToken cancellationToken = default)
    {
        string path = "api/definitions/" + Uri.EscapeDataString(virtualHost);
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new ToolException($"cannot reach the management API at {BaseAddress}: {exception.Message}", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ToolException($"the management API at {BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s", exception);
        }

        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized:
                    throw new ToolException($"the management API at {BaseAddress} refused user '{User}' (401): wrong user or password");
                case HttpStatusCode.Forbidden:
                    throw new ToolException($"user '{User}' may not read the definitions of virtual host '{virtualHost}' (403); it needs the management or administrator tag");
                case HttpStatusCode.NotFound:
                    throw new ToolException($"the broker at {BaseAddress} has no virtual host '{virtualHost}' (404)");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ToolException($"the management API at {BaseAddress} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return BrokerDefinitions.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    public void Dispose() => _http.Dispose();
}
