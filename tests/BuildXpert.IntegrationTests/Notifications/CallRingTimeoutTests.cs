using System.Collections.Concurrent;
using BuildXpert.Contracts;
using BuildXpert.Notifications.Calls;
using BuildXpert.Notifications.InApp;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace BuildXpert.IntegrationTests.Notifications;

/// <summary>The 30 s ring timeout on a fake clock, with the call state in the real Redis and two replicas sweeping.</summary>
[Collection(ServersCollection.Name)]
public sealed class CallRingTimeoutTests(ServersFixture fixture)
{
    [Fact]
    public async Task An_unanswered_call_ends_for_both_parties_after_30_s_once_across_replicas_and_an_answered_one_does_not()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Servers.CacheConnectionString);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var hub = new RecordingHub();
        var replicaA = Signalling(redis, hub, clock);
        var replicaB = Signalling(redis, hub, clock);
        var registry = new CallRegistry(redis);

        var unanswered = Call();
        Assert.True(await registry.TryStartAsync(unanswered, clock.GetUtcNow() + CallSignalling.RingTimeout));
        Assert.False(await registry.TryStartAsync(unanswered with { CallerConnection = "again" }, clock.GetUtcNow() + CallSignalling.RingTimeout));
        var answered = Call();
        Assert.True(await registry.TryStartAsync(answered, clock.GetUtcNow() + CallSignalling.RingTimeout));
        var accept = await replicaB.AcceptAsync("receiver-connection", answered.ReceiverId, answered.ReceiverRole, new CallMessage(answered.BookingId.ToString()));
        Assert.Equal("success", accept.Status);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await replicaA.EndUnansweredAsync() + await replicaB.EndUnansweredAsync());
        Assert.DoesNotContain(hub.Sent, s => s.Method == "call:ended");

        clock.Advance(TimeSpan.FromSeconds(2));
        var ended = await Task.WhenAll(replicaA.EndUnansweredAsync(), replicaB.EndUnansweredAsync());

        Assert.Equal(1, ended.Sum()); // one replica ends it; the answered call rings no more
        Assert.Null(await registry.GetAsync(unanswered.BookingId));
        Assert.NotNull(await registry.GetAsync(answered.BookingId));
        var timeouts = hub.Sent.Where(s => s.Method == "call:ended").ToList();
        Assert.Equal(new[] { NotificationHub.GroupOf(unanswered.CallerId, Roles.User), NotificationHub.GroupOf(unanswered.ReceiverId, Roles.Provider) }.Order(),
            timeouts.Select(t => t.Target).Order());
        Assert.All(timeouts, t => Assert.Contains("timeout", System.Text.Json.JsonSerializer.Serialize(t.Payload), StringComparison.Ordinal));
    }

    private static ActiveCall Call() => new(Guid.NewGuid(), Guid.NewGuid(), Roles.User, "Asha", Guid.NewGuid(), Roles.Provider, "Ravi", "plumber",
        ActiveCall.Ringing, 0, null, $"caller-{Guid.NewGuid():N}", null);

    private static CallSignalling Signalling(IConnectionMultiplexer redis, RecordingHub hub, TimeProvider clock)
        => new(new CallRegistry(redis), hub, new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), clock,
            NullLogger<CallSignalling>.Instance);

    private sealed class RecordingHub : IHubContext<NotificationHub>
    {
        private readonly RecordingClients _clients = new();

        public ConcurrentQueue<(string Target, string Method, object? Payload)> Sent => _clients.Sent;

        public IHubClients Clients => _clients;

        public IGroupManager Groups => throw new NotSupportedException();
    }

    private sealed class RecordingClients : IHubClients
    {
        public ConcurrentQueue<(string Target, string Method, object? Payload)> Sent { get; } = new();

        public IClientProxy All => new Proxy(this, "all");

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => new Proxy(this, "all");

        public ISingleClientProxy Client(string connectionId) => new Proxy(this, connectionId);

        IClientProxy IHubClients<IClientProxy>.Client(string connectionId) => new Proxy(this, connectionId);

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => new Proxy(this, string.Join(',', connectionIds));

        public IClientProxy Group(string groupName) => new Proxy(this, groupName);

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => new Proxy(this, groupName);

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => new Proxy(this, string.Join(',', groupNames));

        public IClientProxy User(string userId) => new Proxy(this, userId);

        public IClientProxy Users(IReadOnlyList<string> userIds) => new Proxy(this, string.Join(',', userIds));

        private sealed class Proxy(RecordingClients clients, string target) : ISingleClientProxy
        {
            public Task<T> InvokeCoreAsync<T>(string method, object?[] args, CancellationToken cancellationToken) => throw new NotSupportedException();

            public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
            {
                clients.Sent.Enqueue((target, method, args.FirstOrDefault()));
                return Task.CompletedTask;
            }
        }
    }
}
