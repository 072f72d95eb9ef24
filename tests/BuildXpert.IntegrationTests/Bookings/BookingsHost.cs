using System.IdentityModel.Tokens.Jwt;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using BuildXpert.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Directory;
using BuildXpert.Contracts;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Security;
using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace BuildXpert.IntegrationTests.Bookings;

/// <summary>
/// The Bookings service (its own registration code and endpoints) on a fresh, migrated database with the real broker
/// and Redis, listening on a local port, with a clock the test moves. Tokens are signed by a key of the test's own
/// (Identity is not running); everything else is the service as deployed.
/// </summary>
public sealed class BookingsHost : IAsyncDisposable
{
    private static readonly ECDsaSecurityKey SigningKey = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "bookings-test" };
    private readonly WebApplication _app;

    private BookingsHost(WebApplication app, FakeTimeProvider clock)
    {
        _app = app;
        Clock = clock;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public FakeTimeProvider Clock { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the service; <paramref name="settings"/> override configuration, <paramref name="now"/> sets the clock.</summary>
    public static async Task<BookingsHost> StartAsync(ServersFixture fixture, IDictionary<string, string?>? settings = null, DateTimeOffset? now = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var configuration = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.BookingsDb}"] = await fixture.Servers.CreateDatabaseAsync("bookings"),
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = fixture.Servers.MessagingConnectionString,
            [$"ConnectionStrings:{ResourceNames.Cache}"] = fixture.Servers.CacheConnectionString,
            ["Messaging:RetryIntervals:0"] = "00:00:00.050",
            ["Uploads:LocalPath"] = Uploads.TemporaryUploads.NewFolder(), // this host's own, deleted with it
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        var clock = new FakeTimeProvider(now ?? DateTimeOffset.UtcNow);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddServiceDefaults();
        builder.AddBookings();
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            o.ConfigurationManager = null;
            o.Configuration = null;
            o.TokenValidationParameters.IssuerSigningKey = SigningKey;
        });
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        app.MapBookings();
        await app.StartAsync();
        return new BookingsHost(app, clock);
    }

    /// <summary>A client signed in as <paramref name="userId"/> in <paramref name="role"/> (no token when <paramref name="role"/> is null).</summary>
    public HttpClient ClientFor(Guid userId, string? role)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId, role));
        }

        return client;
    }

    /// <summary>An access token as Identity would issue it (real wall-clock times: the token handler does not use the test clock).</summary>
    public static string TokenFor(Guid userId, string role)
    {
        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken(
            AuthConstants.Issuer, AuthConstants.Audience,
            [new Claim("sub", userId.ToString()), new Claim(AuthConstants.RoleClaim, role), new Claim("jti", Guid.NewGuid().ToString("N"))],
            now.AddMinutes(-1), now.AddMinutes(15), new SigningCredentials(SigningKey, SecurityAlgorithms.EcdsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>A person in Bookings' directory, as Identity's <c>UserRegistered</c> would have put them there; returns a signed-in client.</summary>
    public async Task<(Guid UserId, HttpClient Client)> AddPersonAsync(string role, string fullName = "Asha Rao")
    {
        var userId = Guid.NewGuid();
        var phone = "9" + Random.Shared.NextInt64(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ExecuteAsync(db => db.People.Add(new Person
        {
            UserId = userId,
            Role = role,
            FullName = fullName,
            Phone = phone,
            Email = $"{phone}@example.com",
            Version = Clock.GetUtcNow(),
        }));
        return (userId, ClientFor(userId, role));
    }

    public Task PublishAsync<T>(T message) where T : class, IIntegrationEvent
        => _app.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = message.EventId);

    public async Task<T> QueryAsync<T>(Func<BookingsDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BookingsDbContext>());
    }

    public async Task ExecuteAsync(Action<BookingsDbContext> change)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BookingsDbContext>();
        change(db);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var uploads = Uploads.TemporaryUploads.Of(_app.Services);
        await _app.StopAsync();
        await _app.DisposeAsync();
        Uploads.TemporaryUploads.Delete(uploads);
    }
}
