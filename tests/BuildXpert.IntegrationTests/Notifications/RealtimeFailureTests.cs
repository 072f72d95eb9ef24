using System.Diagnostics.Metrics;
using BuildXpert.Contracts;
using BuildXpert.Notifications.Events;
using BuildXpert.Notifications.InApp;
using BuildXpert.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.IntegrationTests.Notifications;

/// <summary>A real-time send that fails after the consumer committed (e.g. Redis, the backplane, is down).</summary>
[Collection(ServersCollection.Name)]
public class RealtimeFailureTests(ServersFixture fixture)
{
    [Fact]
    public async Task A_failed_real_time_send_after_the_commit_neither_faults_the_message_nor_loses_the_notification()
    {
        using var measurements = new ConsumerMeasurements(nameof(UserRegisteredConsumer));
        var hub = new UnreachableHub();
        await using var host = await NotificationsHost.StartAsync(fixture, new Dictionary<string, string?>(), bus => bus.AddConsumer<UserRegisteredConsumer>(),
            services => services.AddSingleton<IHubContext<NotificationHub>>(hub));

        var registered = new UserRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "Asha Rao", "9876543210", null, "user");
        await host.PublishAsync(registered);
        await Poller.UntilAsync(() => Task.FromResult(measurements.Handled), n => n >= 1, TimeSpan.FromSeconds(30), "the first consume attempt finished");

        Assert.True(hub.Sends >= 1, "the real-time send was tried");
        Assert.Equal(0, measurements.Failed); // the first attempt succeeded: no retry, no error queue
        Assert.Equal(1, await host.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == registered.UserId)));
    }

    /// <summary>Counts one consumer's finished attempts (<c>buildxpert.consumer.duration</c>) and failed ones.</summary>
    private sealed class ConsumerMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _handled;
        private long _failed;

        public ConsumerMeasurements(string consumer)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is "buildxpert.consumer.duration" or "buildxpert.consumer.failures")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (IsFor(tags, consumer))
                {
                    Interlocked.Add(ref _failed, value);
                }
            });
            _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
            {
                if (IsFor(tags, consumer))
                {
                    Interlocked.Increment(ref _handled);
                }
            });
            _listener.Start();
        }

        public long Handled => Interlocked.Read(ref _handled);

        public long Failed => Interlocked.Read(ref _failed);

        public void Dispose() => _listener.Dispose();

        private static bool IsFor(ReadOnlySpan<KeyValuePair<string, object?>> tags, string consumer)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "consumer" && Equals(tag.Value, consumer))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A hub context whose every send fails, as it does when the Redis backplane is unreachable.</summary>
    private sealed class UnreachableHub : IHubContext<NotificationHub>
    {
        private readonly UnreachableClients _clients = new();

        public int Sends => _clients.Sends;

        public IHubClients Clients => _clients;

        public IGroupManager Groups => throw new NotSupportedException();
    }

    private sealed class UnreachableClients : IHubClients, ISingleClientProxy
    {
        private int _sends;

        public int Sends => Volatile.Read(ref _sends);

        public IClientProxy All => this;

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => this;

        public ISingleClientProxy Client(string connectionId) => this;

        IClientProxy IHubClients<IClientProxy>.Client(string connectionId) => this;

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => this;

        public IClientProxy Group(string groupName) => this;

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => this;

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => this;

        public IClientProxy User(string userId) => this;

        public IClientProxy Users(IReadOnlyList<string> userIds) => this;

        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _sends);
            throw new InvalidOperationException("The backplane is unreachable (test).");
        }

        public Task<T> InvokeCoreAsync<T>(string method, object?[] args, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
