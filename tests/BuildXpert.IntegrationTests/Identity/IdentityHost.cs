using System.Net.Http.Json;
using System.Text.Json;
using BuildXpert.Contracts;
using BuildXpert.Identity;
using BuildXpert.Identity.Auth;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Tokens;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BuildXpert.IntegrationTests.Identity;

/// <summary>
/// The Identity service (its own registration code and endpoints) on a fresh, migrated database with the real
/// broker and Redis, listening on a local port, with a clock the test moves.
/// </summary>
public sealed class IdentityHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IdentityHost(WebApplication app, FakeTimeProvider clock)
    {
        _app = app;
        Clock = clock;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public FakeTimeProvider Clock { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration on top of the defaults (e.g. S3 upload storage).</param>
    public static async Task<IdentityHost> StartAsync(ServersFixture fixture, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Uploads:LocalPath"] = Uploads.TemporaryUploads.NewFolder(),
            [$"ConnectionStrings:{ResourceNames.IdentityDb}"] = await fixture.Servers.CreateDatabaseAsync("identity"),
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = fixture.Servers.MessagingConnectionString,
            [$"ConnectionStrings:{ResourceNames.Cache}"] = fixture.Servers.CacheConnectionString,
            ["Identity:Admin:Phone"] = "9999999999",
            ["Identity:Admin:Password"] = "Admin@12345",
            [$"{SigningKeyOptions.Section}:KeyRingCertificate"] = SigningKeysHost.NewCertificate(),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddServiceDefaults();
        builder.AddIdentity();
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        app.MapIdentity();
        await app.StartAsync();
        return new IdentityHost(app, clock);
    }

    /// <summary>A verified customer account with a known password, written straight to the database.</summary>
    public async Task<string> CreateUserAsync(string password = "secret1")
    {
        var phone = "9" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ExecuteAsync(db => db.Users.Add(new User
        {
            Id = Guid.NewGuid(),
            FullName = "Asha Rao",
            Email = $"{phone}@example.com",
            Phone = phone,
            PasswordHash = Passwords.Hash(password),
            Role = Roles.User,
            IsVerified = true,
            CreatedAt = Clock.GetUtcNow(),
        }));
        return phone;
    }

    public async Task<(string AccessToken, string RefreshToken)> LoginAsync(string phone, string password = "secret1")
    {
        var response = await Client.PostAsJsonAsync("/api/auth/login", new { phone, password, role = Roles.User });
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        return (data.GetProperty("accessToken").GetString()!, data.GetProperty("refreshToken").GetString()!);
    }

    /// <summary>The newest code sent to <paramref name="phone"/>, read from the outbox event that carries it to the SMS sender.</summary>
    public Task<string> LatestOtpAsync(string phone) => QueryAsync(async db =>
    {
        var payloads = await db.Set<OutboxMessage>().Where(m => m.MessageType.Contains(nameof(OtpRequested)))
            .OrderByDescending(m => m.OccurredAt).Select(m => m.Payload).ToListAsync();
        return payloads.Select(p => JsonSerializer.Deserialize<OtpRequested>(p, OutboxMessages.Json)!).First(e => e.Phone == phone).Code;
    });

    public async Task<T> QueryAsync<T>(Func<IdentityDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<IdentityDbContext>());
    }

    public async Task ExecuteAsync(Action<IdentityDbContext> change)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        change(db);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var uploads = Uploads.TemporaryUploads.Of(_app.Services);
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Uploads.TemporaryUploads.Delete(uploads);
    }
}
