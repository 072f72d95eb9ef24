using BuildXpert.Messaging;
using BuildXpert.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildXpert.Testing.Messaging;

/// <summary>
/// A service-shaped host wired exactly like a real service (AddServiceDatabase + AddServiceMessaging) against a test
/// database, with the test consumers. Several hosts on one database and prefix act as replicas.
/// </summary>
public sealed class MessagingHost : IAsyncDisposable
{
    private MessagingHost(IHost host, string prefix)
    {
        Host = host;
        Prefix = prefix;
    }

    public IHost Host { get; }

    public string Prefix { get; }

    public ConsumerProbe Probe => Host.Services.GetRequiredService<ConsumerProbe>();

    public static async Task<MessagingHost> StartAsync(
        string messaging, string database, string prefix, ConsumerProbe? probe = null, bool batched = false,
        IDictionary<string, string?>? settings = null, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = messaging,
            ["ConnectionStrings:testdb"] = database,
            ["Outbox:FirstRetryDelay"] = "00:00:00.200",
            ["Outbox:MaxRetryDelay"] = "00:00:02",
            ["Outbox:PollInterval"] = "00:00:00.500",
            ["Messaging:RetryIntervals:0"] = "00:00:00.050",
            ["Messaging:RetryIntervals:1"] = "00:00:00.050",
            // The services' levels (SerilogPipeline): without them every EF command is logged at Information, which
            // made the benchmark host format and print each outbox and inbox statement.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDatabase<TestDbContext>("testdb");
        builder.Services.AddSingleton(probe ?? new ConsumerProbe());
        builder.Services.AddConsumeObserver<DeliveryCounter>();
        builder.AddServiceMessaging<TestDbContext>(prefix, consumers ?? (bus =>
        {
            if (batched)
            {
                bus.AddIdempotentBatchConsumer<WidgetOrderedBatchConsumer>();
            }
            else
            {
                bus.AddConsumer<WidgetOrderedConsumer>();
            }

            bus.AddConsumer<WidgetBrokenConsumer>();
        }));
        var host = builder.Build();
        await host.StartAsync();
        return new MessagingHost(host, prefix);
    }

    /// <summary>Creates the test schema (outbox, inbox with its NOTIFY trigger, effects, orders).</summary>
    public static async Task CreateSchemaAsync(string database)
    {
        var options = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(database).UseSnakeCaseNamingConvention().Options;
        await using var db = new TestDbContext(options);
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync(MessagingModel.OutboxNotifyTriggerSql);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction with the outbox; commits or rolls back.</summary>
    public async Task InTransactionAsync(Func<TestDbContext, IOutbox, Task> work, bool commit = true)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await work(db, outbox);
        await db.SaveChangesAsync();
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    public async Task<T> QueryAsync<T>(Func<TestDbContext, Task<T>> query)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TestDbContext>());
    }

    public Task PublishDirectlyAsync<T>(T message, Guid messageId) where T : class
        => Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
