using BuildXpert.Messaging;
using BuildXpert.Notifications;
using BuildXpert.Notifications.Data;
using BuildXpert.Persistence;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildXpert.IntegrationTests.Notifications;

/// <summary>
/// The Notifications service's consumers, queues and dispatchers (its own registration code) on a fresh, migrated
/// database and the real broker, with the given settings (providers, fast retries).
/// </summary>
public sealed class NotificationsHost : IAsyncDisposable
{
    private readonly IHost _host;

    private NotificationsHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<NotificationsHost> StartAsync(
        ServersFixture fixture, IDictionary<string, string?> settings, Action<IBusRegistrationConfigurator> consumers, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:notificationsdb"] = await fixture.Servers.CreateDatabaseAsync("notifications"),
            ["ConnectionStrings:messaging"] = fixture.Servers.MessagingConnectionString,
            ["Sms:Provider"] = "Development",
            ["Push:Provider"] = "Development",
            ["Messaging:RetryIntervals:0"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServiceDatabase<NotificationsDbContext>("notificationsdb"); // applies the service's real migrations
        builder.Services.AddSignalR();
        builder.AddNotificationDelivery();
        builder.AddServiceMessaging<NotificationsDbContext>($"ntest-{Guid.NewGuid():N}"[..14], consumers);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new NotificationsHost(host);
    }

    public Task PublishAsync<T>(T message) where T : class, BuildXpert.Contracts.IIntegrationEvent
        => _host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = message.EventId);

    /// <summary>Runs <paramref name="query"/> on a fresh context.</summary>
    public async Task<T> QueryAsync<T>(Func<NotificationsDbContext, Task<T>> query)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        return await query(db);
    }

    public async Task ExecuteAsync(Func<NotificationsDbContext, Task> action)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await action(db);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>A local HTTP server standing in for a provider (Twilio, Expo); records every request it answers.</summary>
public sealed class FakeProvider : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeProvider(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public List<RecordedRequest> Requests { get; } = [];

    public sealed record RecordedRequest(string Path, string Body, string? Authorization);

    public static Task<FakeProvider> StartAsync(Func<RecordedRequest, int, IResult> answer)
        => StartAsync((request, n) => Task.FromResult(answer(request, n)));

    /// <summary>As above, with an answer that may take its time (e.g. to hold a call open while the test looks).</summary>
    public static async Task<FakeProvider> StartAsync(Func<RecordedRequest, int, Task<IResult>> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeProvider(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new RecordedRequest(context.Request.Path, await reader.ReadToEndAsync(), context.Request.Headers.Authorization.ToString());
            int index;
            lock (fake.Requests)
            {
                fake.Requests.Add(request);
                index = fake.Requests.Count(r => r.Path == request.Path);
            }

            return await answer(request, index);
        });
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First());
        return fake;
    }

    public List<RecordedRequest> Snapshot(string pathContains)
    {
        lock (Requests)
        {
            return [.. Requests.Where(r => r.Path.Contains(pathContains, StringComparison.Ordinal))];
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
