using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Testing;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// What a rolling update needs from SIGTERM: a replica stops taking new connections and messages, finishes what it has
/// in flight, and exits cleanly; nothing it held is lost or done twice. The replica is a second process of the service,
/// started with the AppHost's environment (<see cref="ServiceReplica"/>), so the system keeps serving throughout.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class GracefulShutdownTests(SystemFixture system)
{
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task A_request_in_flight_when_SIGTERM_arrives_is_answered_and_the_replica_exits_cleanly()
    {
        var phone = Accounts.NewPhone();
        await _accounts.SignUpAsync(phone);
        await using var replica = await ServiceReplica.StartAsync(system.App, ResourceNames.Identity);

        // A login whose body is only half sent when the replica is told to stop. It is in flight for the server first:
        // with Expect: 100-continue, the "100 Continue" comes once the endpoint has started reading the body (without
        // it a request not yet parsed when SIGTERM came was an idle connection to Kestrel, closed: a test race).
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { phone, password = Accounts.Password, role = "user" }));
        using var client = new TcpClient();
        await client.ConnectAsync(replica.Address.Host, replica.Address.Port);
        var stream = client.GetStream();
        var head = $"POST /api/auth/login HTTP/1.1\r\nHost: {replica.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nExpect: 100-continue\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.FlushAsync();
        Assert.StartsWith("HTTP/1.1 100 ", await ReadInterimResponseAsync(stream), StringComparison.Ordinal);
        await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
        await stream.FlushAsync();

        await replica.SignalTerminateAsync();
        // Shutting down: new connections are refused while the one in flight stays open.
        await Poller.UntilAsync(async () =>
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(replica.Address.Host, replica.Address.Port);
                return false;
            }
            catch (SocketException)
            {
                return true;
            }
        }, refused => refused, TimeSpan.FromSeconds(20), "new connections refused after SIGTERM", TimeSpan.FromMilliseconds(50));

        await stream.WriteAsync(body.AsMemory(body.Length / 2));
        await stream.FlushAsync();
        // Answered, not reset, and the login done: the body still arriving at SIGTERM is read to the end (Kestrel's
        // shutdown wake-up once failed it with a 500 about one run in three under load: ShutdownSafeRequestBody).
        var response = await ReadResponseAsync(stream);
        Assert.True(response.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal), $"{response}\n--- replica log ---\n{replica.RecentOutput}");
        Assert.Contains("\"accessToken\":", response, StringComparison.Ordinal);
        Assert.Equal(0, await replica.ExitCodeAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Messages_arriving_while_a_consumer_replica_stops_are_all_handled_once()
    {
        var me = await _accounts.WelcomedAsync(await _accounts.SignUpAsync(Accounts.NewPhone()));
        var user = Guid.Parse(me.UserId);
        await using var replica = await ServiceReplica.StartAsync(system.App, ResourceNames.Notifications);

        // Forty sign-in notices, published before, during and after the second replica's shutdown: the replicas compete
        // for them, so the stopping one may hold some (prefetched or in its consumer) when SIGTERM arrives.
        const int Count = 40;
        for (var i = 0; i < Count; i++)
        {
            if (i == 10)
            {
                await replica.SignalTerminateAsync();
            }

            await system.PublishAsync(new SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, user, Roles.User, "new_device", $"Phone {i}", null));
        }

        Assert.Equal(0, await replica.ExitCodeAsync(TimeSpan.FromSeconds(30)));

        // Markers published after the replica has gone (what it handed back is queued by then): once the second marker is
        // stored after the first, a lost notice would keep the count short and a doubled one would push it past.
        for (var marker = 1; marker <= 2; marker++)
        {
            await system.PublishAsync(new SecurityEventOccurred(Guid.NewGuid(), DateTimeOffset.UtcNow, user, Roles.User, "new_device", $"Marker {marker}", null));
            var expected = Count + marker;
            await Poller.UntilAsync(SignInNoticesAsync, n => n >= expected, TimeSpan.FromSeconds(30), $"every sign-in notice and marker {marker}");
        }

        Assert.Equal(Count + 2, await SignInNoticesAsync());

        async Task<int> SignInNoticesAsync()
            => (await _accounts.SendAsync(HttpMethod.Get, "/api/notifications?type=Sign-in&limit=1", token: me.AccessToken))
                .Body.GetProperty("data").GetProperty("pagination").GetProperty("totalCount").GetInt32();
    }

    /// <summary>Reads an interim response (status line and headers, no body), byte by byte so nothing after it is taken.</summary>
    private static async Task<string> ReadInterimResponseAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var one = new byte[1];
        while (!received.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, timeout.Token) == 1)
        {
            received.Append((char)one[0]);
        }

        return received.ToString();
    }

    /// <summary>Reads one HTTP/1.1 response (headers and a Content-Length or chunked body) as text.</summary>
    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!Complete(received.ToString()))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return received.ToString();

        static bool Complete(string text)
        {
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            var headers = text[..end];
            var length = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            return length is not null
                ? Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
                : text.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
        }
    }
}
